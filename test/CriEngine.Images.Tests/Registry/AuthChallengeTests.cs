using CriEngine.Images.Registry;

namespace CriEngine.Images.Tests.Registry;

public sealed class AuthChallengeTests
{
    [Test]
    public void Bearer_challenge_keeps_commas_inside_quoted_values()
    {
        var challenges = AuthChallenge.Parse(["Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\""]);

        Assert.That(challenges, Has.Count.EqualTo(1));
        Assert.That(challenges[0].IsBearer);
        Assert.That(challenges[0].Parameter("realm"), Is.EqualTo("https://auth.example/token"));
        Assert.That(challenges[0].Parameter("service"), Is.EqualTo("registry.example"));
        Assert.That(challenges[0].Parameter("scope"), Is.EqualTo("repository:a/b:pull,push"));
    }

    [Test]
    public void Escaped_quotes_and_backslashes_are_unescaped()
    {
        var challenge = AuthChallenge.Parse(["Bearer realm=\"https://a/t?x=\\\"y\\\"\", service=\"s\\\\v\""]).Single();

        Assert.That(challenge.Parameter("realm"), Is.EqualTo("https://a/t?x=\"y\""));
        Assert.That(challenge.Parameter("service"), Is.EqualTo("s\\v"));
    }

    [Test]
    public void Several_challenges_in_one_header_are_told_apart()
    {
        var challenges = AuthChallenge.Parse(["Basic realm=\"Registry Realm\", Bearer realm=\"https://a/token\",service=\"x, y\""]);

        Assert.That(challenges.Select(c => c.Scheme), Is.EqualTo(new[] { "Basic", "Bearer" }));
        Assert.That(challenges[0].IsBasic);
        Assert.That(challenges[0].Parameter("realm"), Is.EqualTo("Registry Realm"));
        Assert.That(challenges[1].Parameter("service"), Is.EqualTo("x, y"));
    }

    [Test]
    public void Challenges_in_several_headers_are_all_read()
    {
        var challenges = AuthChallenge.Parse(["Basic realm=\"r\"", "bearer realm=\"https://a/token\""]);

        Assert.That(challenges.Select(c => c.IsBearer), Is.EqualTo(new[] { false, true }));
    }

    [Test]
    public void Unquoted_values_spaces_around_equals_and_name_case_are_tolerated()
    {
        var challenge = AuthChallenge.Parse(["BEARER Realm = https://a/token ,  SERVICE=reg"]).Single();

        Assert.That(challenge.IsBearer);
        Assert.That(challenge.Parameter("realm"), Is.EqualTo("https://a/token"));
        Assert.That(challenge.Parameter("service"), Is.EqualTo("reg"));
    }

    [Test]
    public void Scheme_without_parameters_is_a_challenge_of_its_own()
    {
        var challenges = AuthChallenge.Parse(["Negotiate, Basic realm=\"r\""]);

        Assert.That(challenges.Select(c => c.Scheme), Is.EqualTo(new[] { "Negotiate", "Basic" }));
        Assert.That(challenges[0].Parameters, Is.Empty);
    }

    [Test]
    public void Unterminated_quote_takes_the_rest_of_the_header()
    {
        var challenge = AuthChallenge.Parse(["Bearer realm=\"https://a/token"]).Single();

        Assert.That(challenge.Parameter("realm"), Is.EqualTo("https://a/token"));
    }
}
