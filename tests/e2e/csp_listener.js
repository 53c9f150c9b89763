// Added to every page of the e2e tests (Playwright init script; it runs before the page's own scripts and is not
// subject to the page's CSP). Reports Content-Security-Policy violations to the test through an exposed binding,
// and keeps them on window for a test that wants to read them in page.
(function () {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", function (e) {
    var v = {
      directive: e.effectiveDirective || e.violatedDirective,
      blocked: e.blockedURI,
      source: e.sourceFile,
      line: e.lineNumber,
      sample: e.sample,
      page: document.location.href
    };
    window.__cspViolations.push(v);
    if (typeof window.__cmReportCsp === "function") window.__cmReportCsp(v);
  }, true);
})();
