using System.Text;

namespace CriEngine.TestSupport.Registry;

/// <summary>A username and password a test registry or token server demands.</summary>
public sealed record TestCredentials(string Username, string Password)
{
    /// <summary>The value of an <c>Authorization: Basic …</c> header carrying these credentials.</summary>
    public string BasicParameter => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
}
