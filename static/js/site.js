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

// Search suggestions as the reader types, into the input's <datalist>. The search works without it.
document.querySelectorAll("form[data-autocomplete]").forEach((form) => {
  const input = form.querySelector('input[name="q"]');
  const list = document.getElementById(input.getAttribute("list"));
  let timer;
  let controller;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return;
    timer = setTimeout(async () => {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${form.dataset.autocomplete}?q=${encodeURIComponent(text)}`, {
          signal: controller.signal,
        });
        const { suggestions } = await response.json();
        list.replaceChildren(
          ...suggestions.map(({ title }) =>
            Object.assign(document.createElement("option"), { value: title }),
          ),
        );
      } catch (error) {
        if (error.name !== "AbortError") list.replaceChildren();
      }
    }, 200);
  });
});
