// Forms marked data-submit-once (money-moving ones) are sent once: after the first submit that goes ahead (not
// cancelled by a confirmation), further submits are ignored and the submit buttons are disabled, so a double click
// never posts twice. The server also refuses a second post of the same form (its form token).
(function () {
    document.addEventListener('submit', function (event) {
        const form = event.target;
        if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-submit-once')) return;
        if (form.dataset.submitted === 'true') {
            event.preventDefault();
            return;
        }

        // Decide after every other submit handler has run (a confirmation may still cancel this submit).
        setTimeout(function () {
            if (event.defaultPrevented) return;
            form.dataset.submitted = 'true';
            form.querySelectorAll('button[type="submit"], input[type="submit"]').forEach(function (button) { button.disabled = true; });
        }, 0);
    });
})();
