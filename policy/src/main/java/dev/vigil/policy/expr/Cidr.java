package dev.vigil.policy.expr;

/**
 * A precompiled {@code cidr('10.0.0.0/8')} (IPv4 or IPv6) and its {@code containsIP} test, which
 * parses the IP string without allocating: addresses are held as one or two {@code long}s.
 *
 * <p>Parsing is strict, like Go's {@code netip} that Kubernetes CEL uses: dotted quads without
 * leading zeros, IPv6 with at most one {@code ::} and an optional trailing dotted quad, no zone
 * suffix. One deliberate difference: an IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) is
 * tested as the IPv4 address it maps, so a deny rule on an IPv4 range cannot be sidestepped by
 * writing the same address in IPv6 form.
 */
final class Cidr {

  private final String text;
  private final boolean v6;
  private final long netHi;
  private final long netLo;
  private final long maskHi;
  private final long maskLo;

  private Cidr(String text, boolean v6, int prefix, long hi, long lo) {
    this.text = text;
    this.v6 = v6;
    if (v6) {
      maskHi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
      maskLo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    } else {
      maskHi = 0;
      maskLo = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }
    netHi = hi & maskHi;
    netLo = lo & maskLo;
  }

  /** Parses {@code address/prefix}; host bits after the prefix are ignored. */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("expected address/prefix-length");
    }
    String bits = text.substring(slash + 1);
    if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')
        || (bits.length() > 1 && bits.charAt(0) == '0')) {
      throw new IllegalArgumentException("bad prefix length '" + bits + "'");
    }
    int prefix = Integer.parseInt(bits);
    boolean v6 = text.lastIndexOf(':', slash) >= 0;
    if (prefix > (v6 ? 128 : 32)) {
      throw new IllegalArgumentException("prefix length " + prefix + " is too long");
    }
    if (v6) {
      long hi = parseV6(text, 0, slash, true);
      long lo = parseV6(text, 0, slash, false);
      return new Cidr(text, true, prefix, hi, lo);
    }
    return new Cidr(text, false, prefix, 0, parseV4(text, 0, slash));
  }

  /**
   * Whether the IP address string lies in this range.
   *
   * @throws EvaluationException if {@code ip} is not a valid IP address
   */
  boolean containsIp(String ip) {
    int end = ip.length();
    if (ip.indexOf(':') < 0) {
      long a = parseV4Checked(ip, end);
      return !v6 && (a & maskLo) == netLo;
    }
    long hi;
    long lo;
    try {
      hi = parseV6(ip, 0, end, true);
      lo = parseV6(ip, 0, end, false);
    } catch (IllegalArgumentException e) {
      throw invalid(ip);
    }
    if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
      return !v6 && ((lo & 0xFFFF_FFFFL) & maskLo) == netLo;
    }
    return v6 && (hi & maskHi) == netHi && (lo & maskLo) == netLo;
  }

  private static long parseV4Checked(String ip, int end) {
    try {
      return parseV4(ip, 0, end);
    } catch (IllegalArgumentException e) {
      throw invalid(ip);
    }
  }

  private static EvaluationException invalid(String ip) {
    return new EvaluationException("invalid IP address " + ConditionRuntime.quote(ip));
  }

  /** A dotted quad in {@code s[from, to)} as an unsigned 32-bit value. */
  private static long parseV4(String s, int from, int to) {
    long value = 0;
    int i = from;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (i >= to || s.charAt(i) != '.') {
          throw bad();
        }
        i++;
      }
      int start = i;
      int v = 0;
      while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s.charAt(start) == '0')) {
        throw bad();
      }
      value = (value << 8) | v;
    }
    if (i != to) {
      throw bad();
    }
    return value;
  }

  /**
   * One half of an IPv6 address in {@code s[from, to)}. Called once per half so that neither
   * call needs an array or a result object; each call validates the whole address.
   */
  private static long parseV6(String s, int from, int to, boolean high) {
    long headHi = 0;
    long headLo = 0;
    long tailHi = 0;
    long tailLo = 0;
    int head = 0;
    int tail = 0;
    boolean compressed = false;
    int i = from;
    if (to - i >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
      compressed = true;
      i += 2;
    } else if (i < to && s.charAt(i) == ':') {
      throw bad();
    }
    while (i < to) {
      int start = i;
      int group = 0;
      while (i < to && i - start < 5) {
        int d = Character.digit(s.charAt(i), 16);
        if (d < 0) {
          break;
        }
        group = group * 16 + d;
        i++;
      }
      int groups = 1;
      long value = group;
      if (i < to && s.charAt(i) == '.') {
        value = parseV4(s, start, to);
        groups = 2;
        i = to;
      } else if (i == start || i - start > 4) {
        throw bad();
      }
      if (head + tail + groups > 8) {
        throw bad();
      }
      int shift = 16 * groups;
      if (compressed) {
        tailHi = (tailHi << shift) | (tailLo >>> (64 - shift));
        tailLo = (tailLo << shift) | value;
        tail += groups;
      } else {
        headHi = (headHi << shift) | (headLo >>> (64 - shift));
        headLo = (headLo << shift) | value;
        head += groups;
      }
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        throw bad();
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (compressed) {
          throw bad();
        }
        compressed = true;
        i++;
      } else if (i == to) {
        throw bad();
      }
    }
    if (compressed ? head + tail > 7 : head != 8) {
      throw bad();
    }
    int k = 16 * (8 - head);
    long hi;
    long lo;
    if (k == 0) {
      hi = headHi;
      lo = headLo;
    } else if (k < 64) {
      hi = (headHi << k) | (headLo >>> (64 - k));
      lo = headLo << k;
    } else if (k < 128) {
      hi = headLo << (k - 64);
      lo = 0;
    } else {
      hi = 0;
      lo = 0;
    }
    return high ? hi | tailHi : lo | tailLo;
  }

  private static IllegalArgumentException bad() {
    return new InvalidAddress();
  }

  /** Parse failure without a stack trace: hostile IP strings are an ordinary, cheap event. */
  private static final class InvalidAddress extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidAddress() {
      super("not a valid IP address");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
