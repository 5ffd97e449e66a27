// Emboss dashboard: behaviour that needs a script (served by Emboss; the pages allow no inline script).
// A form with data-confirm asks before it is sent (closing a card names the refund it will make).
document.addEventListener('submit', function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
