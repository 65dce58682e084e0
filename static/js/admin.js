// The admin's own small fixes, loaded on every admin page (core/wagtail_hooks.py).

// wagtailmedia's chooser answers an upload with a form error by drawing the whole chooser again,
// which opens on its search tab: the writer saw the search and a small error counter on the
// upload tab. When a chooser appears with errors in an upload form, its tab is opened instead.
const openUploadTabWithErrors = (root) => {
  const choosers = root.matches(".wagtailmedia-tabs")
    ? [root]
    : [...root.querySelectorAll(".wagtailmedia-tabs")];
  choosers.forEach((tabs) => {
    const failed = [...tabs.querySelectorAll('[role="tabpanel"]')].find(
      (panel) =>
        panel.id.startsWith("tab-upload") &&
        panel.querySelector(".error-message, .w-field--error, .help-critical"),
    );
    if (!failed) return;
    const tab = tabs.querySelector(`[role="tab"][href="#${failed.id}"]`);
    if (tab && tab.getAttribute("aria-selected") !== "true") {
      // After the tabs controller has opened its first tab (it does so when it connects).
      window.setTimeout(() => tab.click(), 50);
    }
  });
};

new MutationObserver((changes) => {
  changes.forEach((change) => {
    change.addedNodes.forEach((node) => {
      if (node instanceof HTMLElement) openUploadTabWithErrors(node);
    });
  });
}).observe(document.body, { childList: true, subtree: true });
