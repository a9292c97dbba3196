using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Soldr.Admin.Security.KeyRing;

/// <summary>
/// The data-protection key ring (which encrypts the sign-in cookie and antiforgery tokens) in Soldr's
/// database, table <c>data_protection_keys</c>: every admin replica reads the same keys, and resetting
/// Soldr's data resets them too, rather than keys left behind in a home folder.
/// </summary>
/// <remarks>
/// The keys are stored as the framework writes them, unencrypted: whoever reads the database could
/// decrypt a cookie, but a cookie only carries a session key, and the database holds only its hash.
/// The interface is synchronous; the key ring is read rarely and cached, so the blocking calls are few.
/// </remarks>
internal sealed class PostgresXmlRepository(NpgsqlDataSource dataSource, TimeProvider timeProvider) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY stored_at, name");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var command = dataSource.CreateCommand("""
            INSERT INTO data_protection_keys (name, xml, stored_at) VALUES (@name, @xml, @at)
            ON CONFLICT (name) DO NOTHING
            """);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.Parameters.AddWithValue("at", timeProvider.GetUtcNow());
        command.ExecuteNonQuery();
    }
}
