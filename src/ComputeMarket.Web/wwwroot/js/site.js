// Behaviour shared by every page. Kept out of the markup: the Content-Security-Policy forbids inline scripts
// and inline event handlers.

// A form with data-confirm asks before it is sent.
document.addEventListener('submit', function (event) {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
    }
});
