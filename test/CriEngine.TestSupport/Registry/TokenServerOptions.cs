namespace CriEngine.TestSupport.Registry;

/// <summary>How a <see cref="TokenServer"/> issues tokens.</summary>
public sealed record TokenServerOptions
{
    /// <summary>The registry's name: the <c>service</c> of its challenge and the tokens' audience.</summary>
    public string Service { get; init; } = "criengine-test-registry";

    public string Issuer { get; init; } = "criengine-test-token-server";

    /// <summary>Basic credentials a token request must carry; null: anyone gets tokens (anonymous pulls).</summary>
    public TestCredentials? Credentials { get; init; }

    /// <summary>The <c>expires_in</c> of a token. docker-registry adds 60 s of leeway to a token's expiry.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(5);
}
