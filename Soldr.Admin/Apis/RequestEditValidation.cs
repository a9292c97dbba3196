using Soldr.Client.Contracts;
using Soldr.Core.Http;
using Soldr.Core.Management;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

/// <summary>
/// Checks an edit as posted and turns it into a revision, naming each field at fault as the JSON body spells
/// it (<c>headers[2]</c>, <c>bodyBase64</c>, <c>resend</c>). Header names and values are checked here and
/// again by the sender, so nothing typed reaches the wire unchecked.
/// </summary>
internal static class RequestEditValidation
{
    public static (RevisionDraft? Draft, Dictionary<string, string[]> Errors) Check(RequestEdit edit)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var body = Body(edit, errors);
        if (edit.Method is not null && !SettingsRules.IsMethod(edit.Method))
        {
            errors["method"] = ["The method must be an upper-case HTTP method token such as POST or M-SEARCH."];
        }

        if (edit.Headers is not null)
        {
            for (var i = 0; i < edit.Headers.Count; i++)
            {
                if (HeaderError(edit.Headers[i]) is { } error)
                {
                    errors[$"headers[{i}]"] = [error];
                }
            }
        }

        if (edit.DestinationUrl is not null && !WebhookValidation.IsHttpUrl(edit.DestinationUrl))
        {
            errors["destinationUrl"] = ["The URL must be an absolute http or https URL."];
        }

        if (edit.DeliveryId is not null && edit.DestinationUrl is null)
        {
            errors["deliveryId"] = ["A delivery is only named to redirect it: give destinationUrl too."];
        }

        if (edit.Resend is { } resend && DeliveryActionsApi.CheckSelection(resend, "resend") is { } selectionError)
        {
            errors[selectionError.Field] = [selectionError.Message];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var headers = edit.Headers?.Select(h => new KeyValuePair<string, string>(h[0], h[1])).ToList();
        return (new RevisionDraft(edit.Method, headers, body, edit.DestinationUrl, edit.DeliveryId), errors);
    }

    /// <summary>What an edit changed, for the audit log (values are not repeated: headers often carry tokens).</summary>
    public static string Describe(RequestEdit edit, int revision)
    {
        var changed = new List<string>();
        if (edit.Method is not null)
        {
            changed.Add($"method {edit.Method}");
        }

        if (edit.Headers is not null)
        {
            changed.Add($"headers ({edit.Headers.Count})");
        }

        if (edit.Body is not null || edit.BodyBase64 is not null)
        {
            changed.Add("body");
        }

        if (edit.DestinationUrl is not null)
        {
            changed.Add(edit.DeliveryId is { } delivery ? $"destination URL of delivery {delivery}" : "destination URL of every delivery");
        }

        return $"revision {revision}: " + (changed.Count == 0 ? "no change" : string.Join(", ", changed));
    }

    private static string? HeaderError(string[]? header)
    {
        if (header is not [var name, var value] || name is null || value is null)
        {
            return "Each header is a [name, value] pair.";
        }

        if (!HeaderRules.IsValidName(name))
        {
            return $"'{Printable(name)}' is not a valid header name: {HeaderRules.NameRule}.";
        }

        return HeaderRules.IsValidValue(value) ? null : $"The value of '{name}' is not valid: {HeaderRules.ValueRule}.";
    }

    private static byte[]? Body(RequestEdit edit, Dictionary<string, string[]> errors)
    {
        if (edit.Body is not null && edit.BodyBase64 is not null)
        {
            errors["bodyBase64"] = ["Give the body as text or as base64, not both."];
            return null;
        }

        if (edit.BodyBase64 is not null)
        {
            try
            {
                return Convert.FromBase64String(edit.BodyBase64);
            }
            catch (FormatException)
            {
                errors["bodyBase64"] = ["The body is not valid base64."];
                return null;
            }
        }

        return edit.Body is null ? null : System.Text.Encoding.UTF8.GetBytes(edit.Body);
    }

    // An invalid name is shown back to say what is wrong with it; its control characters are shown escaped.
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
