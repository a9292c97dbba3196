using Soldr.Client.Contracts;

namespace Soldr.Core.Verification;

/// <summary>
/// The secrets a request may be signed with: the current one, then the previous one while a provider
/// rotates. A detail names a match by position ("secret 2 of 2"), never by value.
/// </summary>
internal static class AcceptedSecrets
{
    public static string[] Of(VerificationSettings settings)
    {
        string?[] all = [settings.Secret, settings.PreviousSecret];
        return [.. all.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)];
    }

    public static string Name(int index, int count) => $"secret {index + 1} of {count}";
}
