namespace Soldr.Admin.Client;

/// <summary>
/// The header that carries a management UI session on the UI's calls to the API. A call that has it is
/// made for that session and is refused (401) unless the session is alive, whatever secret it carries.
/// </summary>
public static class SessionHeader
{
    public const string Name = "Soldr-Session";
}
