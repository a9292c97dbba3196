// The one piece of script the UI needs: copying to the clipboard, with a fallback where the page is
// not a secure context (http on another host than localhost), which hides navigator.clipboard.
window.soldr = {
    copy: async function (text) {
        if (navigator.clipboard && window.isSecureContext) {
            try {
                await navigator.clipboard.writeText(text);
                return true;
            } catch {
                // fall through to the selection-based copy
            }
        }
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        let copied = false;
        try {
            copied = document.execCommand("copy");
        } finally {
            document.body.removeChild(area);
        }
        return copied;
    }
};
