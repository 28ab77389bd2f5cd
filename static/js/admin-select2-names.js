// select2 draws an autocomplete's value as a role="textbox" span named only by a title it sets when
// a value is chosen: an empty one has no accessible name (axe: aria-input-field-name, issue #20).
// Name every such span after its <select>'s label, also in inline rows added later.
"use strict";
(function () {
    function nameBoxes() {
        document.querySelectorAll(".select2-selection__rendered[role=textbox]:not([aria-label])").forEach(function (box) {
            var select = document.getElementById(box.id.replace(/^select2-/, "").replace(/-container$/, ""));
            var label = select && select.labels && select.labels[0];
            var name = (label && label.textContent.replace(/:\s*$/, "").trim()) || (select && select.dataset.placeholder);
            if (name) {
                box.setAttribute("aria-label", name);
            }
        });
    }
    document.addEventListener("DOMContentLoaded", function () {
        nameBoxes();
        new MutationObserver(nameBoxes).observe(document.body, {childList: true, subtree: true});
    });
})();
