using System.Text;

namespace CriEngine.Images.Registry;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 7235): a scheme and its parameters, e.g.
/// <c>Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull,push"</c>.
/// Parameter names are case-insensitive; values may be quoted, with commas and escapes inside.
/// </summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Parameter(string name) => Parameters.GetValueOrDefault(name);

    /// <summary>Every challenge in the given header values, in order. Malformed parts are skipped.</summary>
    public static IReadOnlyList<AuthChallenge> Parse(IEnumerable<string> headerValues)
    {
        var challenges = new List<AuthChallenge>();
        foreach (var value in headerValues)
            new Parser(value).ReadAll(challenges);
        return challenges;
    }

    private ref struct Parser(string text)
    {
        private int position;

        public void ReadAll(List<AuthChallenge> challenges)
        {
            while (true)
            {
                SkipSeparators();
                if (position >= text.Length)
                    return;
                var scheme = ReadToken();
                if (scheme.Length == 0)
                {
                    position++;
                    continue;
                }
                var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                ReadParameters(parameters);
                challenges.Add(new AuthChallenge(scheme, parameters));
            }
        }

        /// <summary>Reads <c>name=value</c> pairs up to the next token not followed by '=', which starts the next challenge.</summary>
        private void ReadParameters(Dictionary<string, string> parameters)
        {
            while (true)
            {
                SkipSeparators();
                var start = position;
                var name = ReadToken();
                SkipWhitespace();
                if (name.Length == 0 || position >= text.Length || text[position] != '=')
                {
                    position = start;
                    return;
                }
                position++;
                SkipWhitespace();
                parameters[name] = position < text.Length && text[position] == '"' ? ReadQuoted() : ReadToken();
            }
        }

        private string ReadToken()
        {
            var start = position;
            while (position < text.Length && text[position] is not (' ' or '\t' or ',' or '=' or '"'))
                position++;
            return text[start..position];
        }

        private string ReadQuoted()
        {
            var value = new StringBuilder();
            position++;
            while (position < text.Length && text[position] != '"')
            {
                if (text[position] == '\\' && position + 1 < text.Length)
                    position++;
                value.Append(text[position++]);
            }
            position = Math.Min(position + 1, text.Length);
            return value.ToString();
        }

        private void SkipWhitespace()
        {
            while (position < text.Length && text[position] is ' ' or '\t')
                position++;
        }

        private void SkipSeparators()
        {
            while (position < text.Length && text[position] is ' ' or '\t' or ',')
                position++;
        }
    }
}
