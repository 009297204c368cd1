package jp.mamori.hrsync.hr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading an HR export's bytes and decoding them as {@link HrEncoding} says: the size limit, the
 * refusal of a file cut inside a character, BOM handling and the UTF-8 / CP932 detection.
 */
final class HrDecoding {

  /** Larger files are refused rather than read into memory. */
  static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  static final Charset CP932 = Charset.forName("windows-31j");

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** The decoded text and the encoding it was decoded with. */
  record Decoded(String text, Charset charset) {}

  private HrDecoding() {}

  /**
   * The file's text.
   *
   * @throws HrFileException if the file is missing, unreadable, too large, or cut inside a UTF-8
   *     character
   */
  static Decoded read(Path file, HrEncoding encoding) throws HrFileException {
    byte[] bytes = readBytes(file);
    if (encoding != HrEncoding.CP932) {
      refuseCutCharacter(file, bytes);
    }
    return decode(bytes, encoding);
  }

  private static byte[] readBytes(Path file) throws HrFileException {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new HrFileException(
            file,
            "the file has "
                + size
                + " bytes; expected at most "
                + MAX_FILE_BYTES
                + " bytes for an HR export");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new HrFileException(file, "the file does not exist; expected an HR export here", e);
    } catch (IOException e) {
      throw new HrFileException(
          file, "the file cannot be read (" + e + "); expected a readable HR export", e);
    }
  }

  private static Decoded decode(byte[] bytes, HrEncoding encoding) {
    boolean bom = startsWithBom(bytes);
    return switch (encoding) {
      case UTF_8 ->
          new Decoded(lenient(bytes, bom, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      case CP932 -> new Decoded(lenient(bytes, false, CP932), CP932);
      case AUTO -> {
        if (bom) {
          yield new Decoded(lenient(bytes, true, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
        try {
          String text =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)
                  .decode(ByteBuffer.wrap(bytes))
                  .toString();
          yield new Decoded(text, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
          yield new Decoded(lenient(bytes, false, CP932), CP932);
        }
      }
    };
  }

  /**
   * A file cut off in the middle of a UTF-8 character (a transfer that stopped, a disk that filled)
   * is a damaged file, not a file in another encoding: refused, with the byte offset, instead of
   * being read as CP932 and reported as a file without the expected headers. Only a file that is
   * valid UTF-8 up to an incomplete last character is taken for one.
   *
   * @throws HrFileException naming the byte offset where the last character starts
   */
  static void refuseCutCharacter(Path file, byte[] bytes) throws HrFileException {
    int end = bytes.length;
    int start = end - 1;
    while (start >= 0 && end - start <= 3 && (bytes[start] & 0xC0) == 0x80) {
      start--; // continuation bytes
    }
    if (start < 0 || (bytes[start] & 0xC0) != 0xC0) {
      return; // ends on ASCII or on continuation bytes without a lead: not a cut character
    }
    int lead = bytes[start] & 0xFF;
    int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (end - start >= length) {
      return; // the last character is complete
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, start));
    } catch (CharacterCodingException e) {
      return; // not UTF-8 before either: left to the encoding detection
    }
    throw new HrFileException(
        file,
        "the file ends inside a character (its last "
            + (end - start)
            + " of "
            + length
            + " bytes, from byte offset "
            + start
            + " of "
            + end
            + "): it was cut off — a damaged or incomplete export; expected a complete file. Nothing"
            + " was read; deliver the whole export again / ファイルが文字の途中で終わっています"
            + " (バイト位置 "
            + start
            + "): 途中で切れた出力です。完全なファイルを再度出力してください");
  }

  /** Decodes with U+FFFD for undecodable bytes; the rows holding them are then reported. */
  private static String lenient(byte[] bytes, boolean skipBom, Charset charset) {
    int offset = skipBom ? UTF8_BOM.length : 0;
    return new String(bytes, offset, bytes.length - offset, charset);
  }

  private static boolean startsWithBom(byte[] bytes) {
    return bytes.length >= 3
        && bytes[0] == UTF8_BOM[0]
        && bytes[1] == UTF8_BOM[1]
        && bytes[2] == UTF8_BOM[2];
  }
}
