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
