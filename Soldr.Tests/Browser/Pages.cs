using Microsoft.Playwright;

namespace Soldr.Tests.Browser;

/// <summary>How the browser tests use a page of the UI the way a person does.</summary>
public static class Pages
{
    /// <summary>Waits until the page's live connection answers clicks.</summary>
    public static Task InteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();

    /// <summary>Opens <paramref name="path"/> and waits until the page is live.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(path);
        await InteractiveAsync(page);
    }

    /// <summary>Types into a field and tabs away: Blazor binds on "change", which a real user's Tab fires.</summary>
    public static async Task FillAsync(IPage page, string field, string value)
    {
        ArgumentNullException.ThrowIfNull(page);
        var input = page.Locator($"[data-test={field}]").First;
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }
}
