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

// The header menu: a disclosure button on narrow screens (WAI-ARIA disclosure pattern). Without
// JavaScript the button stays hidden and the menu is a plain list.
const menuButton = document.querySelector(".menu-toggle");
const menu = menuButton && document.getElementById(menuButton.getAttribute("aria-controls"));
if (menuButton && menu) {
  const narrow = window.matchMedia("(max-width: 47.99em)");
  const setOpen = (open) => {
    menuButton.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("site-nav--open", open);
  };
  menuButton.hidden = false;
  document.documentElement.classList.add("has-menu-toggle");
  menuButton.addEventListener("click", () => {
    setOpen(menuButton.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu and gives the focus back to its button.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || menuButton.getAttribute("aria-expanded") !== "true") return;
    setOpen(false);
    menuButton.focus();
  });
  narrow.addEventListener("change", () => setOpen(false));
}

// Search filters: folded behind "Filtrera" on a phone so the results come first; open beside
// the results on a wide screen.
const wideScreen = window.matchMedia("(min-width: 50em)");
const placeFilters = () => {
  document.querySelectorAll("details[data-facets]").forEach((details) => {
    details.open = wideScreen.matches;
  });
};
placeFilters();
wideScreen.addEventListener("change", placeFilters);

// A short message in the polite live region next to the buttons.
const say = (scope, message) => {
  const status = scope.querySelector("[data-tool-status]");
  if (!status) return;
  status.textContent = message;
  window.setTimeout(() => {
    if (status.textContent === message) status.textContent = "";
  }, 6000);
};

const copyText = async (text) => {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain http (a development machine): the old way still works.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "visually-hidden";
  document.body.append(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
};

document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

document.querySelectorAll("[data-copy-link]").forEach((button) => {
  button.hidden = false;
  const scope = button.closest("[data-article-tools]") || document;
  button.addEventListener("click", async () => {
    try {
      await copyText(button.dataset.copyLink);
      say(scope, "Länken är kopierad.");
    } catch {
      say(scope, `Kopiera länken själv: ${button.dataset.copyLink}`);
    }
  });
});

// "Min planering": the reader's saved articles, kept in this browser's localStorage only. Nothing
// is sent to the server and no cookie is set.
const PLANNING_KEY = "pedagogsajten:min-planering";
const readPlanning = () => {
  try {
    const saved = JSON.parse(window.localStorage.getItem(PLANNING_KEY) || "[]");
    return Array.isArray(saved)
      ? saved.filter((item) => item && typeof item.title === "string" && webAddress(item.url))
      : [];
  } catch {
    return [];
  }
};
const writePlanning = (items) => {
  window.localStorage.setItem(PLANNING_KEY, JSON.stringify(items));
};
const storageWorks = (() => {
  try {
    window.localStorage.setItem(`${PLANNING_KEY}:test`, "1");
    window.localStorage.removeItem(`${PLANNING_KEY}:test`);
    return true;
  } catch {
    return false; // storage turned off, or a private window that refuses it
  }
})();

const showPlanningCount = () => {
  const count = readPlanning().length;
  document.querySelectorAll("[data-planning-count]").forEach((badge) => {
    badge.hidden = count === 0;
    badge.textContent = count ? `(${count})` : "";
  });
};

if (storageWorks) {
  showPlanningCount();
  document.querySelectorAll("[data-save-article]").forEach((button) => {
    const scope = button.closest("[data-article-tools]") || document;
    const label = button.querySelector("[data-save-label]");
    const { url } = button.dataset;
    const render = () => {
      const saved = readPlanning().some((item) => item.url === url);
      button.setAttribute("aria-pressed", String(saved));
      label.textContent = saved ? "Sparad" : "Spara";
    };
    button.hidden = false;
    render();
    button.addEventListener("click", () => {
      const items = readPlanning();
      const saved = items.some((item) => item.url === url);
      if (saved) {
        writePlanning(items.filter((item) => item.url !== url));
        say(scope, "Artikeln är borttagen från Min planering.");
      } else {
        const { title, summary } = button.dataset;
        writePlanning([...items, { url, title, summary, saved: new Date().toISOString() }]);
        say(scope, "Artikeln är sparad i Min planering.");
      }
      render();
      showPlanningCount();
    });
  });
  // Another tab saved or removed something.
  window.addEventListener("storage", (event) => {
    if (event.key === PLANNING_KEY) showPlanningCount();
  });
}

const planning = document.querySelector("[data-planning]");
if (planning && storageWorks) {
  const list = planning.querySelector("[data-planning-list]");
  const empty = planning.querySelector("[data-planning-empty]");
  const actions = planning.querySelector("[data-planning-actions]");
  const render = () => {
    const items = readPlanning();
    list.replaceChildren(
      ...items.map((item) => {
        const entry = document.createElement("li");
        entry.className = "planning__item";
        const link = document.createElement("a");
        link.href = webAddress(item.url);
        link.textContent = item.title;
        const heading = document.createElement("h2");
        heading.className = "planning__title";
        heading.append(link);
        entry.append(heading);
        if (typeof item.summary === "string" && item.summary) {
          const summary = document.createElement("p");
          summary.textContent = item.summary;
          entry.append(summary);
        }
        const address = document.createElement("p");
        address.className = "planning__address";
        address.textContent = link.href;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button button--secondary planning__remove";
        remove.textContent = "Ta bort";
        const hiddenTitle = document.createElement("span");
        hiddenTitle.className = "visually-hidden";
        hiddenTitle.textContent = ` ${item.title}`;
        remove.append(hiddenTitle);
        remove.addEventListener("click", () => {
          writePlanning(readPlanning().filter((saved) => saved.url !== item.url));
          render();
          showPlanningCount();
          say(planning, `${item.title} är borttagen.`);
          // The focus goes on to the list (or the empty message) instead of being lost.
          (list.querySelector("a") || empty).focus();
        });
        entry.append(address, remove);
        return entry;
      }),
    );
    list.hidden = items.length === 0;
    empty.hidden = items.length > 0;
    actions.hidden = items.length === 0;
  };
  document.querySelector("[data-planning-needs-script]").hidden = true;
  planning.hidden = false;
  render();
  window.addEventListener("storage", (event) => {
    if (event.key === PLANNING_KEY) render();
  });
  planning.querySelector("[data-copy-links]").addEventListener("click", async () => {
    const text = readPlanning()
      .map((item) => `${item.title}\n${item.url}`)
      .join("\n\n");
    try {
      await copyText(text);
      say(planning, "Länkarna är kopierade.");
    } catch {
      say(planning, "Länkarna kunde inte kopieras. Markera listan och kopiera den själv.");
    }
  });
  planning.querySelector("[data-planning-clear]").addEventListener("click", () => {
    writePlanning([]);
    render();
    showPlanningCount();
    say(planning, "Listan är tömd.");
  });
}
