// Keeps Bootstrap's colour mode in step with the Radzen theme the appearance toggle chooses.
window.loginAudit = {
    setColorMode: function (dark) {
        document.documentElement.setAttribute("data-bs-theme", dark ? "dark" : "light");
    }
};

// The browser's IANA time zone, so times stored in UTC are shown in the reader's local time.
window.loginAudit.timeZone = function () {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
};
