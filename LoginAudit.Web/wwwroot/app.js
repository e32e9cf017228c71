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

// A click in the small screen's open navigation menu closes it (listened to here: the CSP allows no inline handlers).
document.addEventListener("click", function (event) {
    const toggler = document.querySelector(".navbar-toggler");
    if (toggler && toggler.checked && event.target instanceof Element && event.target.closest(".nav-scrollable")) {
        toggler.click();
    }
});
