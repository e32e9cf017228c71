// Keeps Bootstrap's colour mode in step with the Radzen theme the appearance toggle chooses.
window.loginAudit = {
    setColorMode: function (dark) {
        document.documentElement.setAttribute("data-bs-theme", dark ? "dark" : "light");
    }
};
