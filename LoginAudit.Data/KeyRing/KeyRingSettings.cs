namespace LoginAudit.Data.KeyRing;

/// <summary>
/// The <c>LoginAudit:KeyRing</c> section. Read when services are registered (Data Protection needs the certificate
/// then), so a wrong value stops the start with a sentence that names the key.
/// </summary>
public sealed class KeyRingSettings
{
    /// <summary>
    /// A PKCS#12 file whose certificate encrypts the Data Protection keys in the database. Unset: the keys are stored
    /// in clear, and whoever can read the database (or a backup of it) can forge sign-in cookies.
    /// </summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates that encrypted keys before a rotation: they still decrypt, never encrypt.</summary>
    public List<string> PreviousCertificatePaths { get; set; } = [];
}
