// Meeting times are printed in the venue's time; where the reader's zone differs, add theirs.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("time[data-local]").forEach(function (node) {
    var moment = new Date(node.getAttribute("datetime"));
    var here = moment.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", timeZone: zone });
    var venue = node.textContent.trim();
    if (here !== venue) {
      var span = document.createElement("span");
      span.className = "reader-time";
      span.textContent = " (" + here + " " + zone + ")";
      node.after(span);
    }
  });
})();
