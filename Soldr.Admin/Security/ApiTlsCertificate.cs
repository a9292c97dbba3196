using System.Security.Cryptography.X509Certificates;

namespace Soldr.Admin.Security;

/// <summary>The management API's certificate, read once at start-up; registered only when one is configured.</summary>
public sealed record ApiTlsCertificate(X509Certificate2 Certificate);
