// Emboss dashboard: "Reveal details" on a card's page. The full number and CVV are never in the
// page's HTML: they are asked for with a POST (the form's token), shown for 30 seconds, then
// removed from the page. The answer is never cached (Cache-Control: no-store).
(function () {
  var SHOWN_MS = 30000;
  var form = document.getElementById('reveal-form');
  var output = document.getElementById('reveal-output');
  if (!form || !output) {
    return;
  }
  var button = form.querySelector('button');
  var timer = null;

  function clear() {
    while (output.firstChild) {
      output.removeChild(output.firstChild);
    }
  }

  function line(list, term, value) {
    var dt = document.createElement('dt');
    dt.textContent = term;
    var dd = document.createElement('dd');
    dd.textContent = value;
    dd.className = 'mono';
    var row = document.createElement('div');
    row.appendChild(dt);
    row.appendChild(dd);
    list.appendChild(row);
  }

  function problem(text) {
    clear();
    var p = document.createElement('p');
    p.className = 'problem';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    output.appendChild(p);
  }

  function show(details) {
    clear();
    var list = document.createElement('dl');
    list.className = 'figures secret';
    line(list, 'Number', details.number.replace(/(\d{4})(?=\d)/g, '$1 '));
    line(list, 'CVV', details.cvv);
    line(list, 'Expiry', ('0' + details.expiryMonth).slice(-2) + '/' + details.expiryYear);
    output.appendChild(list);
    var note = document.createElement('p');
    note.className = 'muted';
    note.textContent = 'Hidden again in 30 seconds.';
    output.appendChild(note);
    button.disabled = true;
    timer = window.setTimeout(function () {
      clear();
      button.disabled = false;
      timer = null;
    }, SHOWN_MS);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (timer !== null) {
      return;
    }
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok) {
          show(body);
        } else {
          problem(body.problem || 'The details could not be revealed.');
        }
      });
    }).catch(function () {
      problem('The details could not be revealed: no answer from Emboss.');
    });
  });
})();
