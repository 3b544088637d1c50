using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CriEngine.Grpc;

namespace CriEngine.Images.Registry;

/// <summary>
/// One registry's directory in certs.d, read as containers/image reads it (containers-certs.d(5)):
/// <c>*.crt</c> are CA certificates trusted besides the system's, <c>*.cert</c> with the <c>*.key</c>
/// of the same name are client certificates. A certificate without its key, or a key without its
/// certificate, is an error.
/// </summary>
internal sealed class RegistryTlsFiles
{
    private RegistryTlsFiles(X509Certificate2Collection authorities, X509Certificate2Collection clientCertificates)
    {
        Authorities = authorities;
        ClientCertificates = clientCertificates;
    }

    public X509Certificate2Collection Authorities { get; }

    public X509Certificate2Collection ClientCertificates { get; }

    public static RegistryTlsFiles Empty { get; } = new([], []);

    /// <summary>Names, sizes and times of the directory's files: it changes when the files do.</summary>
    public static string Fingerprint(string directory)
    {
        if (!Directory.Exists(directory))
            return "";
        return string.Join('\n', new DirectoryInfo(directory).EnumerateFiles()
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .Select(file => $"{file.Name}\0{file.Length}\0{file.LastWriteTimeUtc.Ticks}"));
    }

    /// <exception cref="RpcException">InvalidArgument naming the file that is unpaired or unreadable.</exception>
    public static RegistryTlsFiles Read(string directory)
    {
        if (!Directory.Exists(directory))
            return Empty;
        var authorities = new X509Certificate2Collection();
        var clientCertificates = new X509Certificate2Collection();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            switch (Path.GetExtension(path))
            {
                case ".crt":
                    Load(path, () => authorities.ImportFromPemFile(path));
                    break;
                case ".cert":
                    var key = Path.ChangeExtension(path, ".key");
                    if (!File.Exists(key))
                        throw Invalid(path, $"client certificate without its key {Path.GetFileName(key)} (CA certificates end in .crt)");
                    Load(path, () => clientCertificates.Add(X509Certificate2.CreateFromPemFile(path, key)));
                    break;
                case ".key":
                    if (!File.Exists(Path.ChangeExtension(path, ".cert")))
                        throw Invalid(path, $"key without its client certificate {Path.GetFileNameWithoutExtension(path)}.cert");
                    break;
            }
        }
        return new RegistryTlsFiles(authorities, clientCertificates);
    }

    private static void Load(string path, Action load)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, e.Message);
        }
    }

    private static RpcException Invalid(string path, string problem) => new(StatusCode.InvalidArgument, $"certs.d file {path}: {problem}");
}
