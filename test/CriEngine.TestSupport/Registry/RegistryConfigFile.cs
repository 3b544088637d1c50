using System.Text;

namespace CriEngine.TestSupport.Registry;

/// <summary>Writes docker-registry's config.yml (distribution 2.8, "Configuring a registry").</summary>
internal sealed record RegistryConfigFile
{
    public required int Port { get; init; }

    public required string StorageDirectory { get; init; }

    public TestCertificate? ServerCertificate { get; init; }

    /// <summary>CA bundle client certificates must chain to; null: none asked for.</summary>
    public string? ClientCaPath { get; init; }

    public string? HtpasswdPath { get; init; }

    public TokenServer? TokenServer { get; init; }

    public string Yaml()
    {
        var yaml = new StringBuilder();
        yaml.Append($"""
            version: 0.1
            log:
              level: info
              formatter: text
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: {Quote(StorageDirectory)}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{Port}
              secret: {Guid.NewGuid():N}

            """);
        if (ServerCertificate is not null)
        {
            yaml.Append($"""
                  tls:
                    certificate: {Quote(ServerCertificate.CertificatePath)}
                    key: {Quote(ServerCertificate.KeyPath)}

                """);
            if (ClientCaPath is not null)
                yaml.Append($"""
                        clientcas:
                          - {Quote(ClientCaPath)}

                    """);
        }
        if (HtpasswdPath is not null)
            yaml.Append($"""
                auth:
                  htpasswd:
                    realm: criengine-test-registry
                    path: {Quote(HtpasswdPath)}

                """);
        if (TokenServer is not null)
            yaml.Append($"""
                auth:
                  token:
                    realm: {Quote(TokenServer.Realm.ToString())}
                    service: {Quote(TokenServer.Options.Service)}
                    issuer: {Quote(TokenServer.Options.Issuer)}
                    rootcertbundle: {Quote(TokenServer.RootCertificateBundle)}

                """);
        return yaml.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
