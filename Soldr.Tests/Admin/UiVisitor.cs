using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Soldr.Tests.Admin;

/// <summary>
/// A browser on the admin's UI port, reduced to what the session tests need: it keeps cookies by hand
/// (so a test can copy them, and a fake clock cannot make a cookie jar drop them), fills in the
/// sign-in form, signs out, and opens pages without following redirects.
/// </summary>
public sealed partial class UiVisitor(AdminHost admin) : IDisposable
{
    public const string SessionCookie = "soldr-admin";
    private readonly HttpClient _http = admin.Ui();
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public string? Session => _cookies.GetValueOrDefault(SessionCookie);

    /// <summary>Another browser holding a copy of this one's cookies, as someone who copied them would.</summary>
    public UiVisitor CopyTo(AdminHost other)
    {
        var copy = new UiVisitor(other);
        foreach (var (name, value) in _cookies)
        {
            copy._cookies[name] = value;
        }

        return copy;
    }

    public async Task<HttpResponseMessage> GetAsync(string path) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Sends what a page could make the browser send: <paramref name="method"/> with a small JSON body.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path) =>
        await SendAsync(new HttpRequestMessage(method, path)
        {
            Content = method == HttpMethod.Get || method == HttpMethod.Head ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        });

    /// <summary>Opens the sign-in page and submits <paramref name="secret"/> with the form's antiforgery token.</summary>
    public async Task SignInAsync()
    {
        using var response = await SignInAsync(AdminHost.Secret);
        if (!SentToHome(response))
        {
            throw new InvalidOperationException(
                $"Signing in answered {(int)response.StatusCode} to {response.Headers.Location}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<HttpResponseMessage> SignInAsync(string secret)
    {
        var token = await FormTokenAsync("/signin");
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin",
                ["__RequestVerificationToken"] = token,
                ["Secret"] = secret,
            }),
        });
    }

    /// <summary>Presses "Sign out" on the overview.</summary>
    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var token = await FormTokenAsync("/");
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/signout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        });
    }

    /// <summary>The session key inside the cookie, read as the service reads it: what the UI sends the API for this browser.</summary>
    public string SessionKey()
    {
        var options = admin.App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = options.TicketDataFormat.Unprotect(Session) ?? throw new InvalidOperationException("The session cookie does not open.");
        return ticket.Principal.FindFirst("Microsoft.AspNetCore.Authentication.Cookies-SessionId")?.Value
            ?? throw new InvalidOperationException("The session cookie holds no session key.");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Whether <paramref name="response"/> signed the browser in and sent it on to the overview.</summary>
    public static bool SentToHome(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/";

    /// <summary>Whether <paramref name="response"/> sent the browser to the sign-in page.</summary>
    public static bool SentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) == true;

    private async Task<string> FormTokenAsync(string path)
    {
        using var page = await GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        return AntiforgeryField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["token"].Value)
            : throw new InvalidOperationException($"{path} answered {(int)page.StatusCode} without a form token.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await _http.SendAsync(request);
            Keep(response);
            return response;
        }
    }

    private void Keep(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return;
        }

        foreach (var cookie in cookies)
        {
            var pair = cookie.Split(';', 2)[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..equals], pair[(equals + 1)..]);
            var expired = cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
            if (expired || value.Length == 0)
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="(?<token>[^"]+)""")]
    private static partial Regex AntiforgeryField();
}
