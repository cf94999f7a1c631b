/* openspace: an author moves their own card to another theme or kind (issue 14, point 5).
 * participation.js asks OS.editPlaceFields(card, prefix) for the two fields of its edit
 * form; the themes are read from the post form's select, which follows theme changes live. */
(function (w, d, OS) {
  "use strict";

  function labelled(id, text, control) {
    return OS.el("div", { class: "field" }, [OS.el("label", { class: "label", for: id, text: text }), control]);
  }

  /* Returns {node, fill(body)}: fill adds theme_id and kind to the PATCH body when changed. */
  OS.editPlaceFields = function (card, prefix) {
    var theme = OS.el("select", { class: "input", id: prefix + "-theme" });
    Array.prototype.forEach.call((OS.$("theme") || { options: [] }).options, function (o) {
      if (o.value) theme.appendChild(OS.el("option", { value: o.value, text: o.textContent }));
    });
    theme.value = String(card.theme_id);
    var kind = OS.el("select", { class: "input", id: prefix + "-kind", "aria-describedby": prefix + "-kind-hint" });
    OS.kinds.forEach(function (k) { kind.appendChild(OS.el("option", { value: k, text: OS.kindLabel(k) })); });
    kind.value = card.kind;
    var hint = OS.el("p", { class: "hint", id: prefix + "-kind-hint", text: OS.t("move.kind_hint") });
    return {
      node: OS.el("div", { class: "edit-place" }, [
        labelled(theme.id, OS.t("move.theme"), theme), labelled(kind.id, OS.t("move.kind"), kind), hint
      ]),
      fill: function (body) {
        if (theme.value && theme.value !== String(card.theme_id)) body.theme_id = theme.value;
        if (kind.value !== card.kind) body.kind = kind.value;
      }
    };
  };
})(window, document, window.OpenSpace);
