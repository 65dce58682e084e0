"""Media made on this machine for the demo, tests and benchmarks: images with Pillow, audio and
video with the ffmpeg that the imageio-ffmpeg wheel ships, lesson plans as PDF with Pillow.
Nothing is downloaded."""

import io
import math
import random
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PALETTES = [
    ("#0b4f6c", "#01baef", "#fbfbff", "#ffbf47"),
    ("#2d6a4f", "#95d5b2", "#f1faee", "#e76f51"),
    ("#5a189a", "#c77dff", "#fdf0d5", "#ff9e00"),
    ("#9d0208", "#f48c06", "#fff3e0", "#264653"),
    ("#1d3557", "#a8dadc", "#f1faee", "#e63946"),
    ("#386641", "#a7c957", "#f2e8cf", "#bc4749"),
]
# What each palette looks like, for honest alternative text.
PALETTE_WORDS = ["blå", "gröna", "lila", "röda och orange", "mörkblå", "olivgröna"]


# Motifs drawn in front of the landscape, so that pictures differ visibly by what an article is
# about: (palette, Swedish words for the alt text). The demo picks one per article from its
# subjects and themes (demo/data/site.toml).
MOTIFS = {
    "siffror": (0, "räknetecken"),
    "bocker": (3, "en trave böcker"),
    "blad": (5, "ett träd"),
    "pratbubblor": (2, "pratbubblor"),
    "skarm": (4, "en bärbar dator"),
    "hjarta": (3, "ett hjärta"),
    "klocka": (0, "en klocka"),
    "boll": (1, "en boll"),
    "not": (2, "en musiknot"),
}


def _draw_motif(draw, motif: str, box: tuple[int, int, int, int], colours) -> None:
    """One simple, bold shape inside `box` (left, top, right, bottom)."""
    dark, light, paper, accent = colours
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    cx, cy = left + width // 2, top + height // 2
    r = min(width, height) // 2
    if motif == "siffror":
        bar = r // 5
        for dx, dy, kind in ((-r, -r // 2, "+"), (r // 6, -r // 2, "="), (-r // 2, r // 2, "x")):
            x, y = cx + dx, cy + dy
            if kind == "+":
                draw.rectangle((x - r // 2, y - bar // 2, x + r // 2, y + bar // 2), fill=dark)
                draw.rectangle((x - bar // 2, y - r // 2, x + bar // 2, y + r // 2), fill=dark)
            elif kind == "=":
                draw.rectangle((x, y - bar * 2, x + r, y - bar), fill=accent)
                draw.rectangle((x, y + bar, x + r, y + bar * 2), fill=accent)
            else:
                draw.line((x - r // 3, y - r // 3, x + r // 3, y + r // 3), fill=dark, width=bar)
                draw.line((x - r // 3, y + r // 3, x + r // 3, y - r // 3), fill=dark, width=bar)
    elif motif == "bocker":
        for index, colour in enumerate((dark, accent, light, dark)):
            y = bottom - (index + 1) * height // 5
            inset = (index % 2) * width // 12
            draw.rounded_rectangle(
                (left + inset, y, right - width // 8 + inset, y + height // 5 - 6),
                radius=8,
                fill=colour,
                outline=paper,
                width=4,
            )
    elif motif == "blad":
        draw.rectangle((cx - r // 8, cy, cx + r // 8, bottom), fill="#5b3a1e")
        for dx, dy, size in ((0, -r // 3, r // 1.4), (-r // 2, 0, r // 2), (r // 2, 0, r // 2)):
            draw.ellipse(
                (cx + dx - size, cy + dy - size, cx + dx + size, cy + dy + size), fill=dark
            )
    elif motif == "pratbubblor":
        draw.rounded_rectangle((left, top, cx + r // 3, cy), radius=r // 4, fill=dark)
        draw.polygon(
            [(left + r // 3, cy - 2), (left + r // 2, cy + r // 3), (left + r, cy - 2)], fill=dark
        )
        draw.rounded_rectangle(
            (cx - r // 3, cy - r // 6, right, bottom - r // 4), radius=r // 4, fill=accent
        )
        draw.polygon(
            [
                (right - r, bottom - r // 4 - 2),
                (right - r // 2, bottom),
                (right - r // 3, bottom - r // 4 - 2),
            ],
            fill=accent,
        )
    elif motif == "skarm":
        draw.rounded_rectangle(
            (left + width // 8, top, right - width // 8, cy + r // 3), radius=12, fill=dark
        )
        draw.rectangle(
            (left + width // 8 + 16, top + 16, right - width // 8 - 16, cy + r // 3 - 16),
            fill=light,
        )
        draw.polygon(
            [
                (left, bottom - r // 3),
                (right, bottom - r // 3),
                (right - width // 10, cy + r // 3),
                (left + width // 10, cy + r // 3),
            ],
            fill=accent,
        )
    elif motif == "hjarta":
        draw.ellipse((cx - r, cy - r // 1.4, cx, cy + r // 3.5), fill=accent)
        draw.ellipse((cx, cy - r // 1.4, cx + r, cy + r // 3.5), fill=accent)
        draw.polygon([(cx - r + 6, cy), (cx + r - 6, cy), (cx, cy + r)], fill=accent)
    elif motif == "klocka":
        draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r), fill=paper, outline=dark, width=max(6, r // 8)
        )
        draw.line((cx, cy, cx, cy - r * 0.7), fill=dark, width=max(6, r // 10))
        draw.line((cx, cy, cx + r * 0.5, cy), fill=accent, width=max(6, r // 10))
    elif motif == "boll":
        draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r), fill=accent, outline=dark, width=max(6, r // 10)
        )
        draw.arc(
            (cx - r, cy - r // 2, cx + r, cy + r * 1.5), 200, 340, fill=dark, width=max(6, r // 10)
        )
    elif motif == "not":
        draw.ellipse((cx - r // 2, cy + r // 4, cx + r // 6, cy + r * 0.75), fill=dark)
        draw.rectangle((cx + r // 12, cy - r, cx + r // 6, cy + r // 2), fill=dark)
        draw.polygon(
            [(cx + r // 6, cy - r), (cx + r * 0.7, cy - r // 2), (cx + r // 6, cy - r // 3)],
            fill=dark,
        )


def illustration(seed: str, size=(1600, 900), motif: str | None = None) -> tuple[bytes, str]:
    """A colourful abstract picture (hills, sun, shapes), different for every seed; with a
    `motif` (one of MOTIFS) in the palette of that motif, with its shape in front.

    Returns JPEG bytes and a Swedish description of what it shows (for alt text)."""
    rng = random.Random(seed)
    palette_index = rng.randrange(len(PALETTES))
    if motif in MOTIFS:
        palette_index = MOTIFS[motif][0]
    dark, light, paper, accent = PALETTES[palette_index]
    width, height = size
    image = Image.new("RGB", size, paper)
    draw = ImageDraw.Draw(image)
    sun_x, sun_y, sun_r = rng.randint(200, width - 200), rng.randint(120, 330), rng.randint(70, 140)
    draw.ellipse((sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill=accent)
    for layer, colour in enumerate((light, dark)):
        base = height * (0.55 + 0.18 * layer)
        amplitude, phase = rng.randint(40, 110), rng.random() * math.tau
        wavelength = rng.randint(500, 1100)
        points = [
            (x, base + amplitude * math.sin(x / wavelength * math.tau + phase))
            for x in range(0, width + 20, 20)
        ]
        draw.polygon([(0, height), *points, (width, height)], fill=colour)
    for _ in range(rng.randint(6, 12)):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(12, 46)
        draw.rounded_rectangle(
            (x, y, x + r * 2, y + r), radius=r // 3, fill=rng.choice((accent, paper, light))
        )
    description = f"Tecknat landskap med {PALETTE_WORDS[palette_index]} böljande kullar och en sol"
    if motif in MOTIFS:
        # Large and central: the motif survives the cards' 16:9 crop and small thumbnails.
        side = int(height * 0.6)
        left = rng.randint(width // 6, width - width // 6 - side)
        top = (height - side) // 2
        _draw_motif(draw, motif, (left, top, left + side, top + side), PALETTES[palette_index])
        description += f" och {MOTIFS[motif][1]} i förgrunden"
    output = io.BytesIO()
    image.save(output, "JPEG", quality=82, optimize=True)
    return output.getvalue(), description


def portrait(seed: str, initials: str) -> bytes:
    """A round avatar with initials, for authors' photos; PNG bytes."""
    rng = random.Random(seed)
    dark, light, paper, accent = rng.choice(PALETTES)
    image = Image.new("RGB", (400, 400), light)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 360, 360), fill=dark)
    font = ImageFont.load_default(size=140)
    draw.text((200, 200), initials, fill=paper, font=font, anchor="mm")
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()


def logo(name: str) -> bytes:
    """A simple badge with the municipality's initial; PNG bytes."""
    rng = random.Random(name)
    dark, light, paper, accent = rng.choice(PALETTES)
    image = Image.new("RGB", (320, 320), paper)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((20, 20, 300, 300), radius=60, fill=dark)
    draw.text((160, 165), name[0], fill=paper, font=ImageFont.load_default(size=180), anchor="mm")
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()


def lesson_plan_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 lesson plan as PDF (rendered text on a page image)."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    heading_font = ImageFont.load_default(size=44)
    body_font = ImageFont.load_default(size=28)
    draw.text((100, 110), "Pedagogsajten – lektionsupplägg", fill="#0b4f6c", font=body_font)
    draw.text((100, 170), title, fill="black", font=heading_font)
    y = 280
    for line in lines:
        for part in _wrap(line, 70):
            draw.text((100, y), part, fill="black", font=body_font)
            y += 42
        y += 14
    output = io.BytesIO()
    page.save(output, "PDF", resolution=150)
    return output.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current] if current else lines


def tone_wav(seed: str, seconds: float = 8.0, rate: int = 16000) -> bytes:
    """A calm little melody (a podcast jingle stand-in) as 16-bit mono WAV bytes."""
    rng = random.Random(seed)
    scale = [261.63, 293.66, 329.63, 392.00, 440.00, 523.25]
    notes = [rng.choice(scale) for _ in range(int(seconds * 2))]
    frames = bytearray()
    samples_per_note = rate // 2
    for frequency in notes:
        for n in range(samples_per_note):
            envelope = min(1.0, n / 400) * max(0.0, 1 - n / samples_per_note)
            value = 0.35 * envelope * math.sin(math.tau * frequency * n / rate)
            frames += struct.pack("<h", int(value * 32767))
    output = io.BytesIO()
    with wave.open(output, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(bytes(frames))
    return output.getvalue()


def ffmpeg_executable() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def mp3_from_wav(wav_bytes: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.wav", Path(folder) / "out.mp3"
        source.write_bytes(wav_bytes)
        _ffmpeg(["-i", str(source), "-codec:a", "libmp3lame", "-b:a", "64k", str(target)])
        return target.read_bytes()


def demo_video(seed: str, seconds: int = 6) -> bytes:
    """A short H.264/AAC MP4 (an animated pattern with a tone) that every browser plays."""
    rng = random.Random(seed)
    dark, light, paper, accent = rng.choice(PALETTES)
    pattern = (
        f"life=s=480x270:mold=10:r=15:ratio=0.12:seed={rng.randint(1, 9999)}"
        f":death_color={dark}:life_color={accent}:mold_color={light}"
    )
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "video.mp4"
        _ffmpeg(
            [
                "-f", "lavfi", "-i", pattern,
                "-f", "lavfi", "-i", f"sine=frequency={rng.choice((330, 392, 440))}:sample_rate=22050",
                "-t", str(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "32", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "48k", "-shortest", "-movflags", "+faststart",
                str(target),
            ]
        )  # fmt: skip
        return target.read_bytes()


def webvtt(cues: list[str], seconds_per_cue: float = 2.0) -> bytes:
    lines = ["WEBVTT", ""]
    for index, text in enumerate(cues):
        start, end = index * seconds_per_cue, (index + 1) * seconds_per_cue
        lines += [f"{_timestamp(start)} --> {_timestamp(end)}", text, ""]
    return "\n".join(lines).encode("utf-8")


def _timestamp(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def _ffmpeg(arguments: list[str]) -> None:
    command = [ffmpeg_executable(), "-hide_banner", "-loglevel", "error", "-y", *arguments]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
