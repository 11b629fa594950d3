// Behaviour shared by every page. Kept out of the markup: the Content-Security-Policy forbids inline scripts
// and inline event handlers.

// A form with data-confirm, or a submit button with data-confirm, asks before it is sent.
document.addEventListener('submit', function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) {
        return;
    }

    const message = (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
        event.preventDefault();
    }
});

// A button with data-copy="#id" copies the text of that element. The buttons are rendered hidden and shown here,
// so that without scripts the page offers only the text itself (selectable in one click, see .cm-secret).
// data-copied="…" is the label shown for a moment after copying.
(function () {
    function textOf(target) {
        return 'value' in target && typeof target.value === 'string' ? target.value : target.textContent.trim();
    }

    function copyBySelection(target) {
        const range = document.createRange();
        range.selectNodeContents(target);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        try {
            return document.execCommand('copy');
        } catch {
            return false;
        }
    }

    function confirmCopied(button) {
        const copied = button.dataset.copied;
        if (!copied || button.dataset.copyLabel) {
            return;
        }

        button.dataset.copyLabel = button.textContent;
        button.textContent = copied;
        window.setTimeout(function () {
            button.textContent = button.dataset.copyLabel;
            delete button.dataset.copyLabel;
        }, 2000);
    }

    document.querySelectorAll('button[data-copy]').forEach(function (button) {
        button.hidden = false;
    });

    document.addEventListener('click', function (event) {
        const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
        const target = button ? document.querySelector(button.dataset.copy) : null;
        if (!target) {
            return;
        }

        event.preventDefault();
        const text = textOf(target);
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(function () { confirmCopied(button); }, function () {
                if (copyBySelection(target)) {
                    confirmCopied(button);
                }
            });
        } else if (copyBySelection(target)) {
            confirmCopied(button);
        }
    });
})();
