using System.Text.Json;
using FocusController.Host.Configuration;

namespace FocusController.Host.Tests;

public sealed class ConfigFileEditorTests
{
    private static readonly KeyValuePair<string, string>[] Figures =
    [
        new("UmPerMicrostep", "0.0312"),
        new("BacklashUm", "2.5"),
        new("DirectionInverted", "true"),
    ];

    private static string ExampleConfig() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "systemd", "focuscontroller.json"));

    private static JsonElement Motor(string json) => ConfigFileEditor.Parse(json).RootElement.GetProperty("Motor");

    [Fact]
    public void The_shipped_config_keeps_every_comment_and_other_key_and_gets_the_three_values()
    {
        var before = ExampleConfig();

        var after = ConfigFileEditor.SetValues(before, "Motor", Figures);

        var motor = Motor(after);
        Assert.Equal(0.0312, motor.GetProperty("UmPerMicrostep").GetDouble());
        Assert.Equal(2.5, motor.GetProperty("BacklashUm").GetDouble());
        Assert.True(motor.GetProperty("DirectionInverted").GetBoolean());
        foreach (var comment in before.Split('\n').Where(l => l.TrimStart().StartsWith("//", StringComparison.Ordinal)))
        {
            Assert.Contains(comment, after, StringComparison.Ordinal);
        }

        // everything but the Motor section is byte for byte the same value
        using var original = ConfigFileEditor.Parse(before);
        using var edited = ConfigFileEditor.Parse(after);
        foreach (var section in original.RootElement.EnumerateObject().Where(p => p.Name != "Motor"))
        {
            Assert.Equal(section.Value.GetRawText(), edited.RootElement.GetProperty(section.Name).GetRawText());
        }

        foreach (var key in Motor(before).EnumerateObject().Where(p => Figures.All(f => f.Key != p.Name)))
        {
            Assert.Equal(key.Value.GetRawText(), motor.GetProperty(key.Name).GetRawText());
        }
    }

    [Fact]
    public void Only_the_value_text_changes_when_the_key_exists()
    {
        const string Before = "{\n  // the motor\n  \"Motor\": {\n    \"BacklashUm\": 3, // measured by hand\n    \"Driver\": \"A4988\"\n  }\n}\n";

        var after = ConfigFileEditor.SetValues(Before, "Motor", [new("BacklashUm", "2.5")]);

        Assert.Equal(Before.Replace("\"BacklashUm\": 3,", "\"BacklashUm\": 2.5,", StringComparison.Ordinal), after);
    }

    [Fact]
    public void A_missing_key_or_section_is_added_and_the_file_still_parses()
    {
        const string NoKey = "{\n  \"Motor\": {\n    \"Driver\": \"A4988\" /* kept */\n  }\n}\n";
        const string NoSection = "{\n  \"Model\": { \"Objective\": \"20x-0.75\" }\n}\n";
        const string Empty = "{}";

        Assert.Equal(2.5, Motor(ConfigFileEditor.SetValues(NoKey, "Motor", [new("BacklashUm", "2.5")])).GetProperty("BacklashUm").GetDouble());
        Assert.Contains("/* kept */", ConfigFileEditor.SetValues(NoKey, "Motor", Figures), StringComparison.Ordinal);
        Assert.Equal(3, Motor(ConfigFileEditor.SetValues(NoSection, "Motor", Figures)).EnumerateObject().Count());
        Assert.Equal("20x-0.75", ConfigFileEditor.Parse(ConfigFileEditor.SetValues(NoSection, "Motor", Figures)).RootElement.GetProperty("Model").GetProperty("Objective").GetString());
        Assert.Equal(3, Motor(ConfigFileEditor.SetValues(Empty, "Motor", Figures)).EnumerateObject().Count());
    }

    [Fact]
    public void Keys_match_case_insensitively_and_strings_with_braces_or_comment_marks_do_not_confuse_it()
    {
        const string Before = "{ \"Camera\": { \"Device\": \"/dev/v4l/by-id/usb-{x}//y\" }, \"motor\": { \"backlashum\": 1 } }";

        var after = ConfigFileEditor.SetValues(Before, "Motor", [new("BacklashUm", "4")]);

        Assert.Equal("{ \"Camera\": { \"Device\": \"/dev/v4l/by-id/usb-{x}//y\" }, \"motor\": { \"backlashum\": 4 } }", after);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{ \"Motor\": 5 }")]
    [InlineData("{ \"Motor\": { \"BacklashUm\": [1] } }")]
    [InlineData("{ \"Motor\": { /* open comment ")]
    public void A_file_it_cannot_edit_safely_is_refused(string json) =>
        Assert.Throws<FormatException>(() => ConfigFileEditor.SetValues(json, "Motor", [new("BacklashUm", "4")]));
}
