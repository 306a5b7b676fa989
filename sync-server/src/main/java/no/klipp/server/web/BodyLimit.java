package no.klipp.server.web;

import io.javalin.http.ContentTooLargeResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * Holds a request body that does not say its length (chunked) to the size limit while it is read.
 * Javalin checks the limit against Content-Length only, so a chunked body would otherwise be read
 * into memory whatever its size; past the limit, reading it ends in a 413.
 */
public final class BodyLimit implements Filter {

  private final long maxBytes;

  public BodyLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http && http.getContentLengthLong() < 0) {
      chain.doFilter(new Limited(http, maxBytes), response);
    } else {
      chain.doFilter(request, response);
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {

    private final long maxBytes;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class Counting extends ServletInputStream {

    private final ServletInputStream in;
    private final long maxBytes;
    private long read;

    Counting(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > maxBytes) {
        throw new ContentTooLargeResponse("request body is too large");
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
