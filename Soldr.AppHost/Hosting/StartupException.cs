namespace Soldr.AppHost.Hosting;

/// <summary>
/// A reason the stack cannot start that the user can fix (a busy port, a missing server, a bad
/// setting). Its message is the one line the AppHost prints before it exits.
/// </summary>
public sealed class StartupException(string message) : Exception(message);
