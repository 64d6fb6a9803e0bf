/*
 * Wagtail's editor (pages, snippets): a submission of the form (Save draft,
 * Publish, Submit for moderation…) waits for the autosave under way, and no
 * autosave starts beside it. Plain JavaScript, no build step; loaded into the
 * editors by the insert_editor_js hook of practices/wagtail_hooks.py.
 *
 * Why. Wagtail 8's autosave (its AutosaveController, every
 * WAGTAIL_AUTOSAVE_INTERVAL ms after a pause in the typing) sends the form
 * with fetch. On a new page the first autosave creates the page as a draft,
 * and only its answer turns the form's action from the create view into the
 * edit view. Nothing in Wagtail 8.0.1 makes a submission wait for it: a
 * Publish clicked while that autosave is on its way is a second POST to the
 * create view, the autosave's page holds the slug, and the editor reads "The
 * page could not be created due to validation errors"; the form shown again
 * autosaves into the same refusal ("Autosave is paused"). On an existing page
 * the two requests cross in the same way (a draft revision written after the
 * publish, or refused as a conflict with it).
 *
 * How. A submission made while an autosave is under way is held (the clicked
 * button shows Wagtail's "Publishing…" meanwhile) until the autosave's
 * success or error event, then made again with the same button, to the form's
 * action of that moment: the edit view once the autosave has created the page,
 * the create view if it failed. A submission that goes switches the autosave
 * off (its Stimulus value data-w-autosave-active-value), so that none starts
 * between the click and the next page. The held submission goes anyway after
 * PATIENCE_MS without an answer.
 *
 * tests/browser/test_editor_journey.py holds the first autosave of a new
 * practice on its way and clicks Publish meanwhile.
 */
(function () {
  "use strict";
  var PATIENCE_MS = 20000;
  var ACTIVE = "data-w-autosave-active-value";
  var states = new WeakMap();

  function editorForm(target) {
    return target instanceof HTMLFormElement &&
      target.matches("form[data-edit-form][data-controller~='w-autosave']") ? target : null;
  }

  function stateOf(form) {
    var state = states.get(form);
    if (!state) {
      state = { saving: false, held: false, submitter: null, timer: null, sending: false,
                switchedOff: false };
      states.set(form, state);
    }
    return state;
  }

  function switchAutosaveOff(form) {
    var state = stateOf(form);
    if (form.getAttribute(ACTIVE) !== "false") {
      form.setAttribute(ACTIVE, "false");
      state.switchedOff = true;
    }
  }

  function send(form) {
    var state = stateOf(form);
    var submitter = state.submitter;
    clearTimeout(state.timer);
    state.held = false;
    state.submitter = null;
    state.timer = null;
    state.sending = true;
    try {
      if (submitter && submitter.isConnected && submitter.form === form) {
        // Wagtail's w-progress disables the clicked button while it spins, and
        // a disabled button's name (action-publish…) would not be sent.
        var disabled = submitter.disabled;
        submitter.disabled = false;
        try {
          form.requestSubmit(submitter);
        } finally {
          submitter.disabled = disabled;
        }
      } else {
        form.requestSubmit();
      }
    } finally {
      state.sending = false;
    }
  }

  // Before Wagtail's own listeners: hold a submission while an autosave is under way.
  document.addEventListener("submit", function (event) {
    var form = editorForm(event.target);
    if (!form) { return; }
    var state = stateOf(form);
    if (state.sending || !state.saving) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    state.held = true;
    state.submitter = event.submitter || null;
    if (!state.timer) {
      state.timer = setTimeout(function () { send(form); }, PATIENCE_MS);
    }
  }, true);

  // After every other listener: a submission that goes ends the autosaving.
  window.addEventListener("submit", function (event) {
    var form = editorForm(event.target);
    if (form && !event.defaultPrevented) { switchAutosaveOff(form); }
  });

  // Last in the way of the event, so that a listener cancelling the autosave is seen.
  window.addEventListener("w-autosave:save", function (event) {
    var form = editorForm(event.target);
    if (form && !event.defaultPrevented) { stateOf(form).saving = true; }
  });

  function autosaveAnswered(event) {
    var form = editorForm(event.target);
    if (!form) { return; }
    var state = stateOf(form);
    state.saving = false;
    if (state.held) { send(form); }
  }
  window.addEventListener("w-autosave:success", autosaveAnswered);
  window.addEventListener("w-autosave:error", autosaveAnswered);

  // Back to the editor from the browser's page cache: autosaving again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-edit-form]").forEach(function (form) {
      var state = states.get(form);
      if (state && state.switchedOff) {
        form.setAttribute(ACTIVE, "true");
        state.switchedOff = false;
      }
    });
  });
})();
