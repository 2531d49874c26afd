namespace FocusController.Imaging.PixelFormats;

/// <summary>
/// Finds where the JPEG in a camera buffer ends. UVC drivers hand out the whole mmap buffer, so after the end
/// marker (FF D9) come stale bytes, often the tail of an earlier, longer frame that itself ends in FF D9; searching
/// backwards for the last FF D9 would therefore be wrong. This walks the marker segments (whose payloads, such as an
/// EXIF thumbnail, may contain FF D9 too) and the entropy-coded scans (where a data FF is always stuffed as FF 00
/// and FF D0–D7 are restart markers) so the first real end marker is found.
/// </summary>
public static class JpegFrame
{
    private const byte Marker = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    /// <summary>The length of the JPEG including its end marker, or -1 when the buffer holds no complete JPEG.</summary>
    public static int FindEnd(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 4 || buffer[0] != Marker || buffer[1] != StartOfImage)
        {
            return -1;
        }

        int i = 2;
        while (i + 1 < buffer.Length)
        {
            if (buffer[i] != Marker)
            {
                return -1;
            }

            byte code = buffer[i + 1];
            if (code == Marker)
            {
                i++; // fill byte before a marker
                continue;
            }

            if (code == EndOfImage)
            {
                return i + 2;
            }

            if (code is StartOfImage or (>= 0xD0 and <= 0xD7) or 0x01)
            {
                i += 2; // markers without a payload
                continue;
            }

            if (i + 3 >= buffer.Length)
            {
                return -1;
            }

            int segmentLength = (buffer[i + 2] << 8) | buffer[i + 3];
            if (segmentLength < 2)
            {
                return -1;
            }

            i += 2 + segmentLength;
            if (code == StartOfScan)
            {
                i = SkipEntropyCodedData(buffer, i);
            }
        }

        return -1;
    }

    /// <summary>The buffer cut after the end marker; a clear error when the frame is truncated or not a JPEG.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> buffer, string sourceName = "MJPEG frame")
    {
        int end = FindEnd(buffer);
        if (end < 0)
        {
            string problem = buffer.Length >= 2 && buffer[0] == Marker && buffer[1] == StartOfImage
                ? $"no JPEG end marker (FF D9) in {buffer.Length} bytes: the frame is truncated or corrupt"
                : $"does not start with a JPEG start marker (FF D8); {buffer.Length} bytes";
            throw new InvalidImageException(sourceName, problem);
        }

        return buffer[..end];
    }

    // Returns the index of the next marker that is not a stuffed byte or a restart marker (or the buffer's end).
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> buffer, int start)
    {
        int i = start;
        while (true)
        {
            int next = buffer[i..].IndexOf(Marker);
            if (next < 0)
            {
                return buffer.Length;
            }

            i += next;
            if (i + 1 >= buffer.Length)
            {
                return buffer.Length;
            }

            byte code = buffer[i + 1];
            if (code == 0x00 || code is >= 0xD0 and <= 0xD7)
            {
                i += 2;
                continue;
            }

            if (code == Marker)
            {
                i++;
                continue;
            }

            return i;
        }
    }
}
