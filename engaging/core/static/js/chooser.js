// Choosers: long lists of checkboxes that can be searched, with what is chosen shown above them.
// The list itself stays folded away until the person searches or asks to see it all, so a form with
// several choosers is a page to follow rather than a wall of ticks.
// Progressive enhancement only: without this file the checkboxes work as they are.

function labelText(item) {
  const label = item.querySelector("label");
  // Areas are indented with dashes by depth in the list; a chosen one is named without them.
  return label ? label.textContent.trim().replace(/^[\s\u2014\u2013-]+/, "") : "";
}

function enhance(chooser, index) {
  const fieldset = chooser.querySelector("fieldset");
  const list = chooser.querySelector(".govuk-checkboxes");
  if (!fieldset || !list) return;
  const legend = fieldset.querySelector("legend");
  const name = legend ? legend.textContent.trim() : "options";
  const items = Array.from(list.querySelectorAll(".govuk-checkboxes__item"));
  const boxes = items.map((item) => item.querySelector("input[type=checkbox]"));

  const chosen = document.createElement("div");
  chosen.className = "et-chooser__chosen";
  const chosenHeading = document.createElement("p");
  chosenHeading.className = "govuk-body govuk-!-margin-bottom-1";
  const chosenList = document.createElement("ul");
  chosenList.className = "govuk-list et-chooser__chosen-list";
  chosen.append(chosenHeading, chosenList);

  const search = document.createElement("div");
  search.className = "govuk-form-group govuk-!-margin-bottom-2";
  search.dataset.chooserSearch = "";
  const searchId = `chooser-search-${index}`;
  const listId = list.id || `chooser-list-${index}`;
  list.id = listId;
  const searchLabel = document.createElement("label");
  searchLabel.className = "govuk-label govuk-label--s";
  searchLabel.htmlFor = searchId;
  searchLabel.textContent = `Search ${name.toLowerCase()}`;
  const row = document.createElement("div");
  row.className = "et-chooser__row";
  const input = document.createElement("input");
  input.className = "govuk-input et-chooser__search";
  input.type = "search";
  input.id = searchId;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("aria-controls", listId);
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-0 et-chooser__toggle";
  toggle.setAttribute("aria-controls", listId);
  row.append(input, toggle);
  const status = document.createElement("p");
  status.className = "govuk-hint govuk-!-margin-top-1 govuk-!-margin-bottom-0";
  status.id = `${searchId}-status`;
  status.setAttribute("aria-live", "polite");
  input.setAttribute("aria-describedby", status.id);
  search.append(searchLabel, row, status);

  list.before(chosen, search);
  list.classList.add("et-chooser__list");
  chooser.classList.add("et-chooser--enhanced");
  // A chooser the server said is wrong starts open, so the error summary's link lands on a choice.
  let open = Boolean(chooser.querySelector(".govuk-form-group--error"));

  function showChosen() {
    chosenList.replaceChildren();
    const picked = boxes.filter((box) => box.checked);
    chosenHeading.textContent = picked.length ? `Chosen (${picked.length}):` : "Chosen: none yet";
    for (const box of picked) {
      const text = labelText(box.closest(".govuk-checkboxes__item"));
      const li = document.createElement("li");
      li.className = "et-chooser__chip";
      const span = document.createElement("span");
      span.textContent = text;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "et-chooser__remove";
      remove.textContent = "Remove";
      const hidden = document.createElement("span");
      hidden.className = "govuk-visually-hidden";
      hidden.textContent = ` ${text}`;
      remove.append(hidden);
      remove.addEventListener("click", () => {
        box.checked = false;
        // Bubbles, so the overlap check and anything else listening hears it as a person's change.
        box.dispatchEvent(new Event("change", { bubbles: true }));
        showChosen();
        const next = chosenList.querySelector(".et-chooser__remove");
        (next || input).focus();
      });
      li.append(span, " ", remove);
      chosenList.append(li);
    }
  }

  function filter() {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    items.forEach((item) => {
      const text = labelText(item).toLowerCase();
      const match = words.every((word) => text.includes(word));
      item.hidden = !match;
      if (match) shown += 1;
    });
    list.hidden = !open && !words.length;
    const hiddenName = document.createElement("span");
    hiddenName.className = "govuk-visually-hidden";
    hiddenName.textContent = `${open ? " of" : ""} ${name.toLowerCase()}`;
    toggle.replaceChildren(open ? "Hide the list" : `Show all ${items.length}`, hiddenName);
    toggle.setAttribute("aria-expanded", String(!list.hidden));
    if (words.length) {
      status.textContent = shown ? `${shown} of ${items.length} match` : `Nothing matches. Try fewer letters.`;
    } else {
      status.textContent = open ? `${items.length} to choose from` : "";
    }
  }

  toggle.addEventListener("click", () => {
    open = !open;
    if (open) input.value = "";
    filter();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && input.value) {
      input.value = "";
      filter();
    }
  });
  input.addEventListener("input", filter);
  // Enter in the search box would submit the whole form.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  list.addEventListener("change", showChosen);
  showChosen();
  filter();
}

document.querySelectorAll("[data-chooser]").forEach(enhance);

