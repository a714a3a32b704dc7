// The main navigation's groups are <details> disclosures and work without
// this script. With it, opening one group closes the others, and Escape
// or a click outside closes an open group (Escape returns focus to its
// button).
(function () {
  var groups = document.querySelectorAll('.site-nav__details');
  if (!groups.length) return;
  groups.forEach(function (d) {
    d.addEventListener('toggle', function () {
      if (!d.open) return;
      groups.forEach(function (o) { if (o !== d) o.open = false; });
    });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    groups.forEach(function (d) {
      if (d.open) {
        d.open = false;
        d.querySelector('summary').focus();
      }
    });
  });
  document.addEventListener('click', function (e) {
    groups.forEach(function (d) { if (d.open && !d.contains(e.target)) d.open = false; });
  });
})();
