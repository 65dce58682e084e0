// The readability side panel in the page editor (core/readability_panel.py): LIX with its band,
// long sentences and paragraphs, heading levels, images without alt text and vague link texts,
// recomputed from the form as the writer types. The counting mirrors core/readability.py rule
// for rule, and its numbers (RULES) come from there as JSON, so the editor shows the figure
// Statistik stores when the page is published (checked by tests/test_readability_panel.py).
function startReadabilityPanel() {
  "use strict";

  const rulesElement = document.getElementById("readability-rules");
  const panel = document.querySelector("[data-readability-panel]");
  if (!rulesElement || !panel) return;
  const RULES = JSON.parse(rulesElement.textContent);
  const titleField = document.querySelector("form [name='title']");
  const form = titleField && titleField.form;
  if (!form) return;

  // --- LIX, as core/readability.py --------------------------------------------------------------

  const isWordCharacter = (character) => /[\p{L}\p{N}]/u.test(character);
  const isLetter = (character) => /\p{L}/u.test(character);
  const isLowerCase = (character) =>
    character.toLowerCase() === character && character.toUpperCase() !== character;

  function endsSentence(token) {
    let stripped = token;
    while (stripped && RULES.closing.includes(stripped[stripped.length - 1])) {
      stripped = stripped.slice(0, -1);
    }
    return stripped !== "" && RULES.sentenceEnd.includes(stripped[stripped.length - 1]);
  }

  function startsLowerCase(token) {
    for (const character of token) {
      if (isWordCharacter(character)) return isLowerCase(character);
    }
    return false;
  }

  const isWord = (token) => [...token].some(isWordCharacter);
  const letters = (token) => [...token].filter(isLetter).length;

  // The sentences of one paragraph, each a list of its words.
  function sentencesOf(paragraph) {
    const tokens = paragraph.split(/\s+/).filter(Boolean);
    const sentences = [];
    let current = [];
    tokens.forEach((token, position) => {
      if (isWord(token)) current.push(token);
      if (current.length && endsSentence(token)) {
        const following = position + 1 < tokens.length ? tokens[position + 1] : "";
        if (!startsLowerCase(following)) {
          sentences.push(current);
          current = [];
        }
      }
    });
    if (current.length) sentences.push(current);
    return sentences;
  }

  function lix(text) {
    let words = 0;
    let longWords = 0;
    let sentences = 0;
    for (const paragraph of text.normalize("NFC").split("\n")) {
      for (const sentence of sentencesOf(paragraph)) {
        sentences += 1;
        words += sentence.length;
        longWords += sentence.filter((word) => letters(word) > RULES.longWordLetters).length;
      }
    }
    let value = null;
    if (words && sentences) {
      const exact = words / sentences + (100 * longWords) / words;
      value = Math.floor(exact * 10 + 0.5) / 10;
    }
    return { words, longWords, sentences, value };
  }

  function bandOf(value) {
    if (value === null) return null;
    return RULES.bands.find((band) => band.below === null || value < band.below);
  }

  // --- Reading the form ----------------------------------------------------------------------

  const field = (name) => form.elements.namedItem(name);

  // A rich-text field's Draftail content: [{key, text, type, links: [text, …]}].
  function draftailBlocks(input) {
    let content;
    try {
      content = JSON.parse(input.value || "null");
    } catch {
      return null;
    }
    if (!content || !Array.isArray(content.blocks)) return null;
    const entities = content.entityMap || {};
    return content.blocks.map((block) => ({
      key: block.key,
      text: block.text,
      type: block.type,
      links: (block.entityRanges || [])
        .filter((range) => {
          const entity = entities[range.key];
          return entity && (entity.type === "LINK" || entity.type === "DOCUMENT");
        })
        .map((range) => block.text.substr(range.offset, range.length)),
    }));
  }

  // The values of a block's field: the field itself, or a list block's live items in order.
  function fieldInputs(prefix) {
    const own = field(prefix);
    if (own && own.name) return [own];
    const items = [...form.elements].filter((element) =>
      new RegExp(`^${prefix}-(\\d+)-value$`).test(element.name),
    );
    const live = items.filter((element) => {
      const deleted = field(element.name.replace(/-value$/, "-deleted"));
      return !deleted || deleted.value !== "1";
    });
    const order = (element) =>
      Number((field(element.name.replace(/-value$/, "-order")) || {}).value || 0);
    return live.sort((a, b) => order(a) - order(b));
  }

  // The body's live blocks in order: {index, type, prefix, container}.
  function bodyBlocks() {
    const blocks = [];
    for (const element of form.elements) {
      const match = /^body-(\d+)-type$/.exec(element.name || "");
      if (!match) continue;
      const index = match[1];
      const deleted = field(`body-${index}-deleted`);
      if (deleted && deleted.value === "1") continue;
      const order = Number((field(`body-${index}-order`) || {}).value || index);
      const container = element.closest("[data-contentpath]") || element.parentElement;
      blocks.push({ index, order, type: element.value, prefix: `body-${index}-value`, container });
    }
    return blocks.sort((a, b) => a.order - b.order);
  }

  // Paragraphs with where they are: {text, input, key (Draftail block), heading (2–4 or 0)}.
  function collect() {
    const paragraphs = [];
    const links = [];
    const headings = [];
    const images = [];
    const addInput = (input, blockHeading = 0) => {
      if (input.type === "hidden") {
        const blocks = draftailBlocks(input);
        if (!blocks) return;
        for (const block of blocks) {
          const level = { "header-two": 2, "header-three": 3, "header-four": 4 }[block.type];
          for (const line of block.text.split("\n")) {
            paragraphs.push({ text: line, input, key: block.key });
          }
          if (level) headings.push({ level, text: block.text, input, key: block.key });
          for (const link of block.links) links.push({ text: link, input, key: block.key });
        }
      } else {
        paragraphs.push({ text: input.value, input });
        if (blockHeading) headings.push({ level: blockHeading, text: input.value, input });
      }
    };
    for (const name of RULES.proseFields) {
      const input = field(name);
      if (input) addInput(input);
    }
    for (const block of bodyBlocks()) {
      if (block.type in RULES.proseBlocks) {
        const names = RULES.proseBlocks[block.type];
        if (names === null) {
          const input = field(block.prefix);
          if (input) addInput(input);
        } else {
          for (const name of names) {
            const level =
              block.type === "heading" && name === "text"
                ? Number(((field(`${block.prefix}-level`) || {}).value || "h2").slice(1))
                : 0;
            for (const input of fieldInputs(`${block.prefix}-${name}`)) addInput(input, level);
          }
        }
      }
      if (block.type === "document") {
        const title = field(`${block.prefix}-title`);
        if (title && title.value.trim()) links.push({ text: title.value, input: title });
      }
      for (const alt of [...form.elements].filter(
        (element) =>
          element.name &&
          element.name.startsWith(`${block.prefix}-`) &&
          element.name.endsWith("-alt_text"),
      )) {
        const base = alt.name.slice(0, -"-alt_text".length);
        images.push({
          chosen: field(`${base}-image`) || field(base),
          decorative: field(`${base}-decorative`),
          alt,
        });
      }
    }
    if (field("hero_image_alt")) {
      images.push({
        chosen: field("hero_image"),
        decorative: field("hero_image_decorative"),
        alt: field("hero_image_alt"),
      });
    }
    return { paragraphs, links, headings, images };
  }

  // --- Checks -------------------------------------------------------------------------------

  const quoted = (text, words = 8) => {
    const parts = text.trim().split(/\s+/);
    return `”${parts.slice(0, words).join(" ")}${parts.length > words ? " …" : ""}”`;
  };
  const normalisedLink = (text) =>
    text
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim()
      .replace(/[.:!?,]+$/, "");

  function check(found) {
    const issues = [];
    for (const paragraph of found.paragraphs) {
      const sentences = sentencesOf(paragraph.text.normalize("NFC"));
      const words = sentences.reduce((sum, sentence) => sum + sentence.length, 0);
      for (const sentence of sentences) {
        if (sentence.length > RULES.longSentenceWords) {
          issues.push({
            kind: "long-sentence",
            title: `Lång mening (${sentence.length} ord)`,
            explanation: `Meningar med fler än ${RULES.longSentenceWords} ord är svåra att följa. Dela upp meningen: ${quoted(sentence.join(" "))}`,
            place: paragraph,
          });
        }
      }
      if (words > RULES.longParagraphWords) {
        issues.push({
          kind: "long-paragraph",
          title: `Långt stycke (${words} ord)`,
          explanation: `Stycken med fler än ${RULES.longParagraphWords} ord blir en textvägg. Dela upp stycket eller lägg in en mellanrubrik: ${quoted(paragraph.text)}`,
          place: paragraph,
        });
      }
    }
    let previous = 1; // the page's title is the heading of level 1
    for (const heading of found.headings) {
      if (heading.level > previous + 1) {
        issues.push({
          kind: "heading-level",
          title:
            previous === 1
              ? `Rubriknivå 2 saknas före ”${heading.text.trim()}”`
              : `Rubriken hoppar över en nivå (${previous} → ${heading.level})`,
          explanation:
            previous === 1
              ? "Sidans titel är nivå 1, så den första rubriken i texten ska ha nivå 2. Skärmläsare visar rubrikerna som en innehållsförteckning."
              : `Efter en rubrik på nivå ${previous} kommer nivå ${previous + 1}; hoppa inte över någon nivå: ”${heading.text.trim()}”.`,
          place: heading,
        });
      }
      previous = heading.level;
    }
    const totalWords = lix(found.paragraphs.map((p) => p.text).join("\n")).words;
    if (!found.headings.length && totalWords > 2 * RULES.longParagraphWords) {
      issues.push({
        kind: "heading-missing",
        title: "Inga mellanrubriker",
        explanation:
          "En längre text blir lättare att överblicka med mellanrubriker (nivå 2) som säger vad som kommer.",
        place: null,
      });
    }
    for (const image of found.images) {
      const chosen = image.chosen && image.chosen.value;
      const decorative = image.decorative && image.decorative.checked;
      if (chosen && !decorative && !image.alt.value.trim()) {
        issues.push({
          kind: "image-alt",
          title: "Bild utan alternativtext",
          explanation:
            "Beskriv vad bilden visar för den som inte ser den, eller markera bilden som dekorativ om den inte tillför något.",
          place: { input: image.alt },
        });
      }
    }
    for (const link of found.links) {
      if (RULES.vagueLinkTexts.includes(normalisedLink(link.text))) {
        issues.push({
          kind: "link-text",
          title: `Otydlig länktext: ”${link.text.trim()}”`,
          explanation:
            "Länktexten ska säga vart länken leder, också läst för sig själv, som i skärmläsarens lista över länkar. Skriv till exempel ”Anmälan till kursen” i stället för ”klicka här”.",
          place: link,
        });
      }
    }
    return issues;
  }

  // --- Showing -----------------------------------------------------------------------------

  function editorOf(input) {
    const wrapper = input.closest(".Draftail-Editor__wrapper, [data-draftail-input]");
    const scope = wrapper || input.parentElement;
    return scope ? scope.querySelector(".Draftail-Editor, [contenteditable='true']") : null;
  }

  function jumpTo(place) {
    if (!place || !place.input) return;
    const input = place.input;
    if (input.type === "hidden") {
      const editor = editorOf(input) || input.parentElement;
      const target =
        (place.key && editor && editor.querySelector(`[data-offset-key^="${place.key}-"]`)) ||
        editor;
      const editable = editor && editor.querySelector("[contenteditable='true']");
      if (target) target.scrollIntoView({ block: "center" });
      if (editable) editable.focus({ preventScroll: true });
      return;
    }
    input.scrollIntoView({ block: "center" });
    input.focus({ preventScroll: true });
  }

  const lixElement = panel.querySelector("[data-readability-lix]");
  const explanationElement = panel.querySelector("[data-readability-band-explanation]");
  const countsElement = panel.querySelector("[data-readability-counts]");
  const list = panel.querySelector("[data-readability-issues]");
  const count = panel.querySelector("[data-readability-count]");
  const none = panel.querySelector("[data-readability-none]");

  function render() {
    const found = collect();
    const figures = lix(found.paragraphs.map((paragraph) => paragraph.text).join("\n"));
    const band = bandOf(figures.value);
    if (band) {
      lixElement.textContent = `${figures.value.toFixed(1).replace(".", ",")} – ${band.name}`;
      lixElement.dataset.value = figures.value.toFixed(1);
      lixElement.dataset.band = band.name;
      explanationElement.textContent = band.explanation;
      countsElement.textContent = `${figures.words} ord, ${figures.longWords} långa ord, ${figures.sentences} meningar`;
    } else {
      lixElement.textContent = "–";
      delete lixElement.dataset.value;
      delete lixElement.dataset.band;
      explanationElement.textContent = "Skriv en text så räknas LIX ut.";
      countsElement.textContent = "";
    }
    const issues = check(found);
    list.replaceChildren(
      ...issues.map((issue) => {
        const item = document.createElement("li");
        item.className = "readability-panel__issue";
        item.dataset.kind = issue.kind;
        const heading = document.createElement("h4");
        heading.className = "w-content-checker__header";
        heading.textContent = issue.title;
        const help = document.createElement("p");
        help.className = "w-content-checker__help";
        help.textContent = issue.explanation;
        item.append(heading, help);
        if (issue.place && issue.place.input) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "button button-small button-secondary";
          button.textContent = "Visa i texten";
          button.addEventListener("click", () => jumpTo(issue.place));
          item.append(button);
        }
        return item;
      }),
    );
    count.textContent = String(issues.length);
    none.hidden = issues.length > 0;
    const toggle = document.querySelector(
      "[data-side-panel-toggle='readability'] [data-side-panel-toggle-counter]",
    );
    if (toggle) {
      toggle.textContent = String(issues.length);
      toggle.hidden = issues.length === 0;
    }
  }

  // Draftail writes its hidden input a moment after each keystroke, and chooser and block
  // changes fire no input event: compare the form's text every half second and redraw when it
  // changed, and soon after any typing.
  let signature = "";
  function refresh() {
    const now = [...form.elements]
      .filter(
        (element) =>
          element.name && (element.name === "summary" || /^(body|hero_)/.test(element.name)),
      )
      .map(
        (element) =>
          `${element.name}=${element.type === "checkbox" ? element.checked : element.value}`,
      )
      .join("\u0000");
    if (now === signature) return;
    signature = now;
    render();
  }
  let pending = null;
  form.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(refresh, 300);
  });
  form.addEventListener("change", refresh);
  setInterval(refresh, 500);
  refresh();
}

// The admin loads side panels' scripts in <head>: wait for the panel and the form.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startReadabilityPanel);
} else {
  startReadabilityPanel();
}
