namespace CriEngine.TestSupport.Registry;

/// <summary>
/// One request a <see cref="TokenServer"/> answered: the <c>service</c> and <c>scope</c>s it
/// asked for, the username of the basic credentials it carried (null: none), and whether a
/// token was issued (false: 401, the credentials were missing or wrong).
/// </summary>
public sealed record TokenRequest(string? Service, IReadOnlyList<string> Scopes, string? Username, bool Issued);
