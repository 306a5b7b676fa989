package no.klipp.terminal.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LumaFrameTest {

  @Test
  void paddedRowsAreSkipped() {
    byte[] data = {1, 2, 9, 9, 3, 4, 9, 9};
    LumaFrame frame = new LumaFrame(data, 2, 2, 4);
    assertEquals(3, frame.at(0, 1));
    assertEquals(4, frame.at(1, 1));
  }

  @Test
  void inconsistentGeometryIsRefusedWithTheNumbers() {
    assertEquals("stride < width: 2 < 3",
        assertThrows(IllegalArgumentException.class, () -> new LumaFrame(new byte[9], 3, 3, 2)).getMessage());
    assertEquals("data too short for 4x4 stride 4: 15",
        assertThrows(IllegalArgumentException.class, () -> new LumaFrame(new byte[15], 4, 4, 4)).getMessage());
    assertEquals("size must be positive and even: 641x480",
        assertThrows(IllegalArgumentException.class, () -> new YuvFormat(641, 480, 704)).getMessage());
    assertEquals("stride must be even and >= width: 600",
        assertThrows(IllegalArgumentException.class, () -> new YuvFormat(640, 480, 600)).getMessage());
  }
}
