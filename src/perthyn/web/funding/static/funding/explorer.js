// Progressive enhancement: refresh the results when a value changes, without a full page load.
// Without JavaScript the form submits normally (GET) and the server renders the same page.
(function () {
  var form = document.getElementById("explorer-form");
  if (!form || !window.fetch || !window.DOMParser) return;
  var timer;
  function refresh() {
    var url = form.action.split("?")[0] + "?" + new URLSearchParams(new FormData(form)).toString();
    fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("results");
        if (fresh) document.getElementById("results").replaceWith(fresh);
        history.replaceState(null, "", url);
      })
      .catch(function () { form.submit(); });
  }
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(refresh, 250); });
})();
