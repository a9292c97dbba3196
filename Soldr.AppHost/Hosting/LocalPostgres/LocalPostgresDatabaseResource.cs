using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Soldr.AppHost.Hosting.LocalPostgres;

/// <summary>
/// A database on a <see cref="LocalPostgresResource"/>, owned by a login role of the same name, so the
/// services connect with a password of their own and without superuser rights. Both are created once
/// the server is up (<see cref="DatabaseOwner"/>); the database is healthy once it can be reached as that role.
/// </summary>
public sealed class LocalPostgresDatabaseResource(string name, LocalPostgresResource parent, ParameterResource password)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"Host=127.0.0.1;Port={Parent.Port.ToString(CultureInfo.InvariantCulture)};Username={Name};Password={Password};Database={Name}");
}
