// Third-party embeds load only after the reader asks for them: the embed code waits in an
// inert <template>, so nothing is requested from YouTube, Vimeo or others before the click.
document.querySelectorAll("[data-embed]").forEach((figure) => {
  const template = figure.querySelector("template[data-embed-template]");
  const button = figure.querySelector("[data-embed-load]");
  if (!template || !button) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const consent = figure.querySelector(".block-embed__consent");
    figure.appendChild(template.content.cloneNode(true));
    consent.remove();
    const frame = figure.querySelector("iframe");
    if (frame) frame.focus();
  });
});

// Search suggestions as the reader types: the WAI-ARIA 1.2 combobox pattern (editable, list
// autocomplete without automatic selection, as in the APG example). Each suggestion is a link to
// its article, so Enter on it, a click, a tap or a middle-click opens the article; Enter with no
// suggestion chosen searches as before. Without JavaScript the reader gets the plain search form.
const SUGGESTION_DELAY = 150; // ms after the last keystroke
const SUGGESTION_MIN_LENGTH = 2;
const SUGGESTION_PAUSE = 30000; // ms without requests after one failed

// Only web addresses become links: a suggestion's URL never runs script.
const webAddress = (url) => {
  try {
    const address = new URL(url, document.baseURI);
    return ["http:", "https:"].includes(address.protocol) ? address.href : null;
  } catch {
    return null;
  }
};

document.querySelectorAll("form[data-autocomplete]").forEach((form) => {
  const input = form.querySelector('input[name="q"]');
  const box = input && input.closest(".combobox");
  if (!box || !input.id) return;
  const listbox = document.createElement("div");
  listbox.id = `${input.id}-forslag`;
  listbox.className = "combobox__listbox";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Sökförslag");
  listbox.hidden = true;
  const status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  box.append(listbox, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listbox.id);
  input.setAttribute("aria-expanded", "false");

  let options = [];
  let shownFor = ""; // the text the options were suggested for
  let active = -1;
  let timer;
  let controller;
  let pausedUntil = 0;

  const setActive = (index) => {
    if (options[active]) options[active].removeAttribute("aria-selected");
    active = index;
    const option = options[active];
    if (!option) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    option.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };
  const expand = () => {
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const cancel = () => {
    clearTimeout(timer);
    if (controller) controller.abort();
    controller = undefined;
  };
  const close = () => {
    cancel();
    setActive(-1);
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    status.textContent = "";
  };
  const show = (text, suggestions) => {
    setActive(-1);
    shownFor = text;
    options = suggestions
      .map(({ title, url }) => [title, webAddress(url)])
      .filter(([title, url]) => typeof title === "string" && url)
      .map(([title, url], index) => {
        const option = document.createElement("a");
        option.id = `${listbox.id}-${index}`;
        option.className = "combobox__option";
        option.href = url;
        option.tabIndex = -1; // Tab leaves the search field, not into the list
        option.setAttribute("role", "option");
        option.textContent = title;
        return option;
      });
    listbox.replaceChildren(...options);
    if (options.length) expand();
    else close();
    status.textContent = options.length
      ? `${options.length} förslag. Använd pil upp och pil ned för att välja.`
      : "Inga förslag.";
  };
  const suggest = async (text) => {
    if (!navigator.onLine || Date.now() < pausedUntil) return;
    controller = new AbortController();
    try {
      const response = await fetch(`${form.dataset.autocomplete}?q=${encodeURIComponent(text)}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(`${response.status}`);
      const { suggestions } = await response.json();
      // A late answer to an earlier text, or to a field the reader has left, is dropped.
      if (text !== input.value.trim() || document.activeElement !== input) return;
      show(text, Array.isArray(suggestions) ? suggestions : []);
    } catch (error) {
      if (error.name === "AbortError") return;
      pausedUntil = Date.now() + SUGGESTION_PAUSE; // the search form itself still works
      close();
    }
  };

  input.addEventListener("input", () => {
    cancel();
    setActive(-1);
    const text = input.value.trim();
    if (text.length < SUGGESTION_MIN_LENGTH) {
      close();
      return;
    }
    timer = setTimeout(() => suggest(text), SUGGESTION_DELAY);
  });
  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    const expanded = !listbox.hidden;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp": {
        if (!options.length || shownFor !== input.value.trim()) return;
        event.preventDefault();
        expand();
        if (event.altKey) return; // Alt+Down opens the list without choosing
        const last = options.length - 1;
        const down = event.key === "ArrowDown";
        if (active < 0) setActive(down ? 0 : last);
        else if (down) setActive(active === last ? 0 : active + 1);
        else setActive(active === 0 ? last : active - 1);
        break;
      }
      case "Enter":
        if (expanded && options[active]) {
          event.preventDefault();
          window.location.assign(options[active].href);
        } else {
          close(); // the form is submitted: a search, as without JavaScript
        }
        break;
      case "Escape":
        // Also keeps Chromium's search field from clearing itself while the list closes.
        if (expanded) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
        }
        break;
      case "ArrowLeft":
      case "ArrowRight":
      case "Home":
      case "End":
        setActive(-1); // back to editing the text
        break;
      default:
    }
  });
  // Tab, a click elsewhere or another window closes the list; a click on a suggestion keeps the
  // focus in the field (mousedown), so the list is still there when the click arrives.
  input.addEventListener("blur", (event) => {
    if (!listbox.contains(event.relatedTarget)) close();
  });
  listbox.addEventListener("mousedown", (event) => event.preventDefault());
  document.addEventListener("pointerdown", (event) => {
    if (!box.contains(event.target)) close();
  });
  // Back from an article: a page restored from the back-forward cache starts with the list shut.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) close();
  });
});
