"""What an import did, told in Swedish at the end: per kind of object how many were imported,
updated, skipped and failed, with the reasons, and what editors should look at."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

KINDS = {
    "post": ("Inlägg", "inlägg"),
    "page": ("Sidor", "sida"),
    "attachment": ("Filer", "fil"),
    "author": ("Skribenter", "skribent"),
}
OUTCOMES = ("importerade", "uppdaterade", "hoppade över", "misslyckade")
EXAMPLES = 5
LISTED_FAILURES = 50


@dataclass
class Report:
    counts: dict = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    skipped: dict = field(default_factory=lambda: defaultdict(list))  # reason → [label]
    failures: list = field(default_factory=list)  # (kind, label, reason)
    notes: dict = field(default_factory=lambda: defaultdict(list))  # (kind, detail) → [label]
    unmapped: Counter = field(default_factory=Counter)
    redirects: int = 0
    redirect_conflicts: list = field(default_factory=list)
    indexed: int = 0
    broken: str = ""
    interrupted: bool = False
    dry_run: bool = False
    seconds: float = 0.0
    source: str = ""

    @staticmethod
    def label(kind: str, wp_id, title: str = "") -> str:
        name = KINDS[kind][1]
        return f"{name} {wp_id} ”{title}”" if title else f"{name} {wp_id}"

    def imported(self, kind: str) -> None:
        self.counts[kind]["importerade"] += 1

    def updated(self, kind: str) -> None:
        self.counts[kind]["uppdaterade"] += 1

    def skip(self, kind: str, label: str, reason: str) -> None:
        self.counts[kind]["hoppade över"] += 1
        self.skipped[reason].append(label)

    def fail(self, kind: str, label: str, reason: str) -> None:
        self.counts[kind]["misslyckade"] += 1
        self.failures.append((kind, label, reason))

    def note(self, label: str, kind: str, detail: str) -> None:
        self.notes[(kind, detail)].append(label)

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    @property
    def anything_read(self) -> bool:
        return any(sum(counter.values()) for counter in self.counts.values())

    def lines(self) -> list[str]:
        out = []
        what = "Torrkörning" if self.dry_run else "Import"
        state = "avbröts" if self.interrupted else "klar"
        out.append(f"{what} från {self.source or 'WordPress'} {state} efter {self.seconds:.1f} s.")
        out.append("")
        out.append(f"{'':<12}" + "".join(f"{outcome:>15}" for outcome in OUTCOMES))
        for kind, (title, _one) in KINDS.items():
            out.append(f"{title:<12}" + "".join(f"{self.counts[kind][o]:>15}" for o in OUTCOMES))
        out.append("")
        out.append(f"Omdirigeringar från gamla adresser: {self.redirects} nya.")
        if not self.dry_run:
            out.append(f"Sökindexet uppdaterades en gång: {self.indexed} objekt går att hitta.")
        if self.broken:
            out.append("")
            out.append(f"EXPORTFILEN ÄR TRASIG: {self.broken}")
        if self.failures:
            out.append("")
            out.append(f"Misslyckades ({len(self.failures)}):")
            for _kind, label, reason in self.failures[:LISTED_FAILURES]:
                out.append(f"  - {label}: {reason}")
            if len(self.failures) > LISTED_FAILURES:
                out.append(f"  … och {len(self.failures) - LISTED_FAILURES} till.")
        if self.skipped:
            out.append("")
            out.append("Hoppades över:")
            for reason, labels in sorted(self.skipped.items(), key=lambda pair: -len(pair[1])):
                out.append(f"  - {reason} ({len(labels)}): {self._examples(labels)}")
        if self.notes:
            out.append("")
            out.append("Att granska i de importerade sidorna:")
            for (kind, detail), labels in sorted(self.notes.items(), key=lambda pair: pair[0]):
                out.append(f"  - {kind}: {detail} ({len(labels)}): {self._examples(labels)}")
        if self.unmapped:
            out.append("")
            out.append(
                "Kategorier som inte motsvarar någon kommun, skolform, ämne, tema eller "
                'innehållstyp (lägg till dem i mappningsfilen eller skriv "ignorera"):'
            )
            for name, count in self.unmapped.most_common():
                out.append(f"  - {name} ({count} inlägg)")
        if self.redirect_conflicts:
            out.append("")
            out.append("Omdirigeringar som redan pekar någon annanstans (lämnades orörda):")
            for path in self.redirect_conflicts[:LISTED_FAILURES]:
                out.append(f"  - {path}")
        out.append("")
        if self.dry_run:
            out.append("Torrkörning: ingenting sparades, varken i databasen eller som filer.")
        elif self.interrupted:
            out.append(
                "Importen avbröts. Det som hann importeras är sparat; kör samma kommando igen för att fortsätta."
            )
        return out

    @staticmethod
    def _examples(labels: list[str]) -> str:
        shown = ", ".join(labels[:EXAMPLES])
        return shown + (f" … och {len(labels) - EXAMPLES} till" if len(labels) > EXAMPLES else "")
