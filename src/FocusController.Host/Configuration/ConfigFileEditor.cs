using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FocusController.Host.Configuration;

/// <summary>
/// Sets a few values of one section in a config file (JSON with comments) by replacing just their text: every comment,
/// every other key, the order and the layout stay as the technician left them. A key the section lacks is added as its
/// first line; a section the file lacks is added first in the file. The result is parsed before it is returned, so an
/// edit never produces a file the daemon cannot read.
/// </summary>
public static class ConfigFileEditor
{
    /// <summary>
    /// The text of <paramref name="json"/> with <paramref name="values"/> (key → JSON literal) set in the top-level
    /// object <paramref name="section"/>. Keys match case-insensitively, as .NET configuration reads them. Throws
    /// <see cref="FormatException"/> naming the problem when the text cannot be edited safely.
    /// </summary>
    public static string SetValues(string json, string section, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(values);
        var text = json;
        foreach (var (key, literal) in values)
        {
            text = SetValue(text, section, key, literal);
        }

        Parse(text);
        return text;
    }

    /// <summary>Parses JSON with comments and trailing commas as the configuration provider does.</summary>
    public static JsonDocument Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }
    }

    private static string SetValue(string text, string section, string key, string literal)
    {
        var scanner = new Scanner(text);
        scanner.SkipTrivia();
        if (scanner.Peek() != '{')
        {
            throw new FormatException("the file does not hold a JSON object");
        }

        var rootOpen = scanner.Position;
        if (scanner.FindProperty(section) is not { } sectionValue)
        {
            var indent = IndentAfter(text, rootOpen);
            var inner = indent + "  ";
            var block = $"\n{indent}\"{section}\": {{\n{inner}\"{key}\": {literal}\n{indent}}}{(HasMembers(text, rootOpen) ? "," : "")}";
            return text.Insert(rootOpen + 1, block);
        }

        if (text[sectionValue] != '{')
        {
            throw new FormatException($"\"{section}\" is not an object");
        }

        var sectionScanner = new Scanner(text, sectionValue);
        if (sectionScanner.FindProperty(key) is { } valueStart)
        {
            var valueScanner = new Scanner(text, valueStart);
            if (text[valueStart] is '{' or '[')
            {
                throw new FormatException($"\"{section}:{key}\" holds an object or a list, not a value");
            }

            var valueEnd = valueScanner.SkipValue();
            return string.Concat(text.AsSpan(0, valueStart), literal, text.AsSpan(valueEnd));
        }

        var memberIndent = IndentAfter(text, sectionValue);
        var line = $"\n{memberIndent}\"{key}\": {literal}{(HasMembers(text, sectionValue) ? "," : "")}";
        return text.Insert(sectionValue + 1, line);
    }

    /// <summary>The indentation of the first member after an opening brace, or two more spaces than the brace's line.</summary>
    private static string IndentAfter(string text, int open)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, open - 1)) + 1;
        var braceIndent = new string(' ', text.AsSpan(lineStart, open - lineStart).Length - text.AsSpan(lineStart, open - lineStart).TrimStart(' ').Length);
        var next = text.IndexOf('\n', open);
        if (next >= 0)
        {
            var end = text.IndexOf('\n', next + 1);
            var nextLine = text.AsSpan(next + 1, (end < 0 ? text.Length : end) - next - 1);
            var trimmed = nextLine.TrimStart(' ');
            if (trimmed.Length > 0 && trimmed[0] != '}')
            {
                return new string(' ', nextLine.Length - trimmed.Length);
            }
        }

        return braceIndent + "  ";
    }

    private static bool HasMembers(string text, int open)
    {
        var scanner = new Scanner(text, open + 1);
        scanner.SkipTrivia();
        return scanner.Peek() != '}';
    }

    /// <summary>Walks JSON with comments: strings, // and /* */ comments, nested objects and lists.</summary>
    private sealed class Scanner(string text, int position = 0)
    {
        public int Position { get; private set; } = position;

        public char Peek() => Position < text.Length ? text[Position] : '\0';

        public void SkipTrivia()
        {
            while (Position < text.Length)
            {
                var c = text[Position];
                if (char.IsWhiteSpace(c))
                {
                    Position++;
                }
                else if (c == '/' && Position + 1 < text.Length && text[Position + 1] == '/')
                {
                    var end = text.IndexOf('\n', Position);
                    Position = end < 0 ? text.Length : end + 1;
                }
                else if (c == '/' && Position + 1 < text.Length && text[Position + 1] == '*')
                {
                    var end = text.IndexOf("*/", Position + 2, StringComparison.Ordinal);
                    Position = end < 0 ? throw new FormatException("a /* comment is not closed") : end + 2;
                }
                else
                {
                    return;
                }
            }
        }

        /// <summary>
        /// At an object's opening brace: finds the member called <paramref name="name"/> and returns where its value
        /// starts, or null when the object has no such member.
        /// </summary>
        public int? FindProperty(string name)
        {
            Expect('{');
            while (true)
            {
                SkipTrivia();
                if (Peek() == '}')
                {
                    return null;
                }

                var member = ReadString();
                SkipTrivia();
                Expect(':');
                SkipTrivia();
                if (string.Equals(member, name, StringComparison.OrdinalIgnoreCase))
                {
                    return Position;
                }

                SkipValue();
                SkipTrivia();
                if (Peek() == ',')
                {
                    Position++;
                }
            }
        }

        /// <summary>Skips one value and returns where it ends.</summary>
        public int SkipValue()
        {
            SkipTrivia();
            var c = Peek();
            if (c == '"')
            {
                ReadString();
            }
            else if (c is '{' or '[')
            {
                var close = c == '{' ? '}' : ']';
                Position++;
                while (true)
                {
                    SkipTrivia();
                    if (Peek() == close)
                    {
                        Position++;
                        break;
                    }

                    if (Peek() == '\0')
                    {
                        throw new FormatException("an object or list is not closed");
                    }

                    if (c == '{')
                    {
                        ReadString();
                        SkipTrivia();
                        Expect(':');
                    }

                    SkipValue();
                    SkipTrivia();
                    if (Peek() == ',')
                    {
                        Position++;
                    }
                }
            }
            else
            {
                var start = Position;
                while (Position < text.Length && (char.IsLetterOrDigit(text[Position]) || text[Position] is '-' or '+' or '.'))
                {
                    Position++;
                }

                if (Position == start)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"unexpected '{Peek()}' at character {Position}"));
                }
            }

            return Position;
        }

        private string ReadString()
        {
            Expect('"');
            var value = new StringBuilder();
            while (Position < text.Length && text[Position] != '"')
            {
                if (text[Position] == '\\')
                {
                    Position++;
                }

                if (Position < text.Length)
                {
                    value.Append(text[Position]);
                }

                Position++;
            }

            Expect('"');
            return value.ToString();
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected '{c}' at character {Position}, found '{Peek()}'"));
            }

            Position++;
        }
    }
}
