// Small browser helpers for LoginAudit's pages (interactive and static). No framework: the pages call these by name.
(function () {
    const themeCookie = "loginaudit-theme";
    const systemSchemeCookie = "loginaudit-system-scheme";
    const year = 60 * 60 * 24 * 365;
    const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

    function writeCookie(name, value) {
        const secure = location.protocol === "https:" ? "; secure" : "";
        document.cookie = `${name}=${value}; path=/; max-age=${year}; samesite=lax${secure}`;
    }

    function readCookie(name) {
        const pair = document.cookie.split("; ").find(part => part.startsWith(name + "="));
        return pair ? pair.substring(name.length + 1) : null;
    }

    function isDark(preference) {
        return preference === "dark" || preference === "material-dark" ||
            (preference !== "light" && preference !== "material" && darkQuery.matches);
    }

    function applyColorMode() {
        document.documentElement.setAttribute("data-bs-theme", isDark(readCookie(themeCookie)) ? "dark" : "light");
    }

    // The server renders the first paint in the system's scheme from this cookie, so "follow the system" never flashes.
    function rememberSystemScheme() {
        writeCookie(systemSchemeCookie, darkQuery.matches ? "dark" : "light");
        applyColorMode();
    }

    // Statically rendered pages (no circuit to ask the browser) show times in this zone.
    function rememberTimeZone() {
        writeCookie("loginaudit-time-zone", encodeURIComponent(window.loginAudit.timeZone()));
    }

    window.loginAudit = {
        // The browser's IANA time zone, so times stored in UTC are shown in the reader's local time.
        timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",

        // "light", "dark" or "system"; MudBlazor's theme provider repaints the interactive page itself.
        setTheme: preference => {
            writeCookie(themeCookie, preference);
            applyColorMode();
        },
    };

    rememberSystemScheme();
    rememberTimeZone();
    darkQuery.addEventListener("change", rememberSystemScheme);

    // The history page's details panel (rendered statically): keyboard users land in the panel they opened, Escape
    // follows its close link, and a click on a row outside its links opens the row's details as its button does.
    function focusOpenedDetails() {
        const heading = document.getElementById("login-details-heading");
        if (heading && !heading.closest(".login-details").contains(document.activeElement)) {
            heading.focus();
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", focusOpenedDetails);
    } else {
        focusOpenedDetails();
    }
    if (window.Blazor && window.Blazor.addEventListener) {
        window.Blazor.addEventListener("enhancedload", focusOpenedDetails);
    }

    document.addEventListener("keydown", event => {
        const close = event.key === "Escape" && event.target.closest(".login-details") ? document.querySelector(".login-details-close") : null;
        if (close) {
            close.click();
        }
    });

    document.addEventListener("click", event => {
        const row = event.target.closest("tr.history-row");
        if (row && !event.target.closest("a, button, input, select, summary")) {
            row.querySelector(".history-details-button").click();
        }
    });

    // The static pages' theme buttons: no circuit there, so the choice is stored and the page rendered again.
    document.addEventListener("click", event => {
        const button = event.target.closest("[data-theme-choice]");
        if (button) {
            window.loginAudit.setTheme(button.getAttribute("data-theme-choice"));
            location.reload();
        }
    });
})();
