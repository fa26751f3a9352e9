// A long form shown one section at a time, ending with "Check your answers" (GOV.UK's question pages
// and check answers patterns, on one page). The contents list says which section is showing and links
// to any other. Everything stays in the one <form>: "Save activity" sends every section whenever it is
// pressed, and the server checks it all as before.
// Without this file the form is one page with every section showing, and works the same.

const form = document.querySelector("form[data-form-steps]");

function text(element) {
  return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
}

function answerOf(group) {
  // The question and what has been given for it, read from the form as it is now.
  const fieldset = group.querySelector(":scope > fieldset");
  if (fieldset) {
    const question = text(fieldset.querySelector("legend"));
    const dateBoxes = fieldset.querySelectorAll(".govuk-date-input__input");
    if (dateBoxes.length === 3) {
      const [day, month, year] = Array.from(dateBoxes, (box) => box.value.trim());
      const when = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
      const real = /^\d{4}$/.test(year) && when.getUTCDate() === Number(day) && when.getUTCMonth() === Number(month) - 1;
      const shown = real
        ? when.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
        : `${[day, month, year].filter(Boolean).join(" ")}${day || month || year ? " (not a real date)" : ""}`;
      return [question, shown];
    }
    const picked = Array.from(fieldset.querySelectorAll("input:checked"), (box) =>
      text(fieldset.querySelector(`label[for="${box.id}"]`)).replace(/^[\s\u2014\u2013-]+/, ""),
    );
    return [question, picked.join(", ")];
  }
  const control = group.querySelector("input:not([type=hidden]), textarea, select");
  if (!control) return null;
  const question = text(group.querySelector(`label[for="${control.id}"]`));
  if (control.type === "checkbox") return [question, control.checked ? "Yes" : "No"];
  if (control.tagName === "SELECT") return [question, control.value ? text(control.selectedOptions[0]) : ""];
  return [question, control.value.trim()];
}

function enhance() {
  const sections = Array.from(form.querySelectorAll(":scope > section.et-form-section"));
  const navs = Array.from(document.querySelectorAll("[data-form-contents]"));
  const save = form.querySelector("[data-form-save]");
  if (!sections.length || !save) return;
  form.classList.add("et-plan--steps");

  // The last step: every answer, each with a link back to its section.
  const check = document.createElement("section");
  check.className = "et-form-section";
  check.setAttribute("aria-labelledby", "check-answers");
  const checkHeading = document.createElement("h2");
  checkHeading.className = "govuk-heading-m";
  checkHeading.id = "check-answers";
  checkHeading.textContent = `${sections.length + 1}. Check your answers`;
  const checkBody = document.createElement("div");
  check.append(checkHeading, checkBody);
  sections.at(-1).after(check);
  for (const nav of navs) {
    const item = document.createElement("li");
    item.className = "et-plan-contents__item";
    const link = document.createElement("a");
    link.className = "govuk-link govuk-link--no-visited-state";
    link.href = "#check-answers";
    link.textContent = checkHeading.textContent;
    item.append(link);
    nav.querySelector("ol").append(item);
  }
  const steps = [...sections, check];

  // Continue and Back at the foot of each section.
  steps.forEach((section, index) => {
    const buttons = document.createElement("div");
    buttons.className = "govuk-button-group et-plan__step-buttons";
    if (index < steps.length - 1) {
      const next = document.createElement("button");
      next.type = "button";
      next.className = "govuk-button";
      const nextTitle = text(steps[index + 1].querySelector("h2")).replace(/^\d+\.\s*/, "");
      next.textContent = `Continue to ${nextTitle.charAt(0).toLowerCase()}${nextTitle.slice(1)}`;
      next.addEventListener("click", () => show(index + 1, true));
      buttons.append(next);
    }
    if (index > 0) {
      const back = document.createElement("button");
      back.type = "button";
      back.className = "et-link-button govuk-body";
      back.textContent = "Back to the section before";
      back.addEventListener("click", () => show(index - 1, true));
      buttons.append(back);
    }
    section.append(buttons);
  });

  function fillCheck() {
    checkBody.replaceChildren();
    sections.forEach((section) => {
      const title = text(section.querySelector("h2")).replace(/^\d+\.\s*/, "");
      const heading = document.createElement("h3");
      heading.className = "govuk-heading-s govuk-!-margin-bottom-2";
      heading.textContent = title;
      const list = document.createElement("dl");
      list.className = "govuk-summary-list govuk-!-margin-bottom-6";
      const groups = Array.from(section.querySelectorAll(".govuk-form-group")).filter(
        (group) => !group.parentElement.closest(".govuk-form-group, .et-plain-hints") && !group.closest("[data-chooser-search]"),
      );
      for (const group of groups) {
        const answer = answerOf(group);
        if (!answer || !answer[0]) continue;
        const row = document.createElement("div");
        row.className = "govuk-summary-list__row";
        const key = document.createElement("dt");
        key.className = "govuk-summary-list__key";
        key.textContent = answer[0];
        const value = document.createElement("dd");
        value.className = "govuk-summary-list__value";
        value.textContent = answer[1] || "Not given";
        const actions = document.createElement("dd");
        actions.className = "govuk-summary-list__actions";
        const change = document.createElement("a");
        change.className = "govuk-link";
        change.href = `#${section.querySelector("h2").id}`;
        change.textContent = "Change";
        const hidden = document.createElement("span");
        hidden.className = "govuk-visually-hidden";
        hidden.textContent = ` ${answer[0].toLowerCase()}`;
        change.append(hidden);
        actions.append(change);
        row.append(key, value, actions);
        list.append(row);
      }
      checkBody.append(heading, list);
    });
    const note = document.createElement("p");
    note.className = "govuk-body";
    note.textContent = "Check the answers, then save. You can change the activity later.";
    checkBody.append(note);
  }

  let current = -1;
  function show(index, moveFocus) {
    if (index === current) return;
    current = index;
    steps.forEach((section, i) => {
      section.hidden = i !== index;
    });
    if (steps[index] === check) fillCheck();
    // Saving is the main action once every section has been seen; before that it is there for anyone done early.
    const last = index === steps.length - 1;
    save.classList.toggle("govuk-button--secondary", !last);
    const id = steps[index].querySelector("h2").id;
    for (const nav of navs) {
      for (const link of nav.querySelectorAll("a")) {
        if (link.hash === `#${id}`) link.setAttribute("aria-current", "step");
        else link.removeAttribute("aria-current");
      }
    }
    if (moveFocus) {
      const heading = steps[index].querySelector("h2");
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
      form.scrollIntoView({ block: "start" });
    }
  }

  function stepHolding(id) {
    const target = id && document.getElementById(id);
    return target ? steps.findIndex((section) => section.contains(target)) : -1;
  }

  // Any link into the form (the contents, the error summary, a "Change" link) opens the section it
  // points into first. Listening while the click is on its way down lets GOV.UK's error summary then
  // focus the field as usual.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest && event.target.closest("a[href^='#']");
      if (!link) return;
      const index = stepHolding(decodeURIComponent(link.hash.slice(1)));
      if (index < 0) return;
      show(index, false);
      const heading = steps[index].querySelector("h2");
      if (link.hash === `#${heading.id}`) {
        // A link to a whole section: show it from its top, its heading focused, as Continue does.
        event.preventDefault();
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
        form.scrollIntoView({ block: "start" });
      }
    },
    true,
  );

  // Start where the person needs to be: the first section with a problem, a section named in the
  // address, or the beginning.
  const withProblem = sections.findIndex((section) => section.querySelector(".govuk-form-group--error"));
  const named = stepHolding(decodeURIComponent(window.location.hash.slice(1)));
  show(withProblem >= 0 ? withProblem : named >= 0 ? named : 0, false);
}

if (form) enhance();
