"""Scanned versions of the sample PDFs: what an archive's scanner makes of a printed plan.

Each page is rasterised (200–300 dpi, grey), turned by a little skew, lit unevenly, given
sensor noise and saved as JPEG inside an image-only PDF; optionally with a bad text layer from
some earlier OCR (invisible text, digits and letters garbled), as archives often have.
Deterministic: the same input and seed give the same bytes.

    python samples/scan.py IN.pdf OUT.pdf [--dpi 300] [--skew 0.7] [--seed 1] [--bad-text-layer]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Scanner:
    dpi: int = 300
    skew: float = 0.7          # degrees, alternating in sign page by page
    light: float = 0.12        # how much darker the far corner is than the near one
    noise: float = 1.5         # standard deviation of the sensor noise, in grey levels
    quality: int = 60          # JPEG quality
    seed: int = 1
    bad_text_layer: bool = False


def scan(source: Path, out: Path, scanner: Scanner = Scanner()) -> Path:
    """Write an image-only PDF of ``source`` as ``scanner`` would scan it."""
    import tempfile

    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    rng = random.Random(scanner.seed)
    pdf = pdfium.PdfDocument(source)
    sheet = canvas.Canvas(str(out), invariant=1, pageCompression=1)
    try:
        with tempfile.TemporaryDirectory(prefix="planextract-scan-") as folder:
            for index in range(len(pdf)):
                page = pdf[index]
                width, height = page.get_size()
                image = _degrade(page.render(scale=scanner.dpi / 72, grayscale=True).to_pil().convert("L"),
                                 scanner, rng, index)
                jpeg = Path(folder) / f"page-{index + 1}.jpg"  # a file: reportlab embeds the JPEG as it is
                image.save(jpeg, format="JPEG", quality=scanner.quality, optimize=False)
                sheet.setPageSize((width, height))
                sheet.drawImage(str(jpeg), 0, 0, width, height)
                if scanner.bad_text_layer:
                    _bad_text(sheet, page, height, rng)
                sheet.showPage()
    finally:
        pdf.close()
    sheet.save()
    return out


def _degrade(image, scanner: Scanner, rng: random.Random, index: int):
    import numpy as np
    from PIL import Image

    angle = scanner.skew * (1 if index % 2 == 0 else -0.6)
    turned = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    pixels = np.asarray(turned, dtype=np.float32)
    h, w = pixels.shape
    ys, xs = np.mgrid[0:h, 0:w]
    shade = 1 - scanner.light * (xs / w * 0.6 + ys / h * 0.4)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, scanner.noise, pixels.shape)
    return Image.fromarray(np.clip(pixels * shade + noise, 0, 255).astype(np.uint8))


_GARBLE = str.maketrans("0123456789aeilosAEIO", "O1Z3A5G7B9@3!1o$4EIQ")


def _bad_text(sheet, page, height: float, rng: random.Random) -> None:
    """An earlier OCR's text layer: the page's words, invisible, many of them garbled."""
    text = page.get_textpage()
    try:
        for k in range(text.count_rects()):
            x0, y0, x1, y1 = text.get_rect(k)
            words = text.get_text_bounded(x0, y0, x1, y1).split()
            line = " ".join(w.translate(_GARBLE) if rng.random() < 0.5 else w for w in words)
            label = sheet.beginText(x0, y0)
            label.setTextRenderMode(3)
            label.setFont("Helvetica", max(4.0, y1 - y0))
            label.textLine(line)
            sheet.drawText(label)
    finally:
        text.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--skew", type=float, default=0.7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad-text-layer", action="store_true")
    args = ap.parse_args(argv)
    scan(args.source, args.out, Scanner(dpi=args.dpi, skew=args.skew, seed=args.seed,
                                        bad_text_layer=args.bad_text_layer))
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
