"""Train a framework's classifier from a coded file, or classify a file of comments with it.

python manage.py themes train --framework KEY --input coded.csv [--text-column text]
python manage.py themes classify --framework KEY --input comments.csv --output out.csv [--text-column text]
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engaging.themes import frameworks, services, training


class Command(BaseCommand):
    help = "Train a framework's theme classifier from coded comments, or classify a file of comments with it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{train,classify,import}")
        for name, text in (
            ("train", "train from a CSV file of coded comments and print cross-validated macro- and micro-F1"),
            ("classify", "add one 1/0 column per theme and a sentiment column to a CSV file of comments"),
            ("import", "add each row of a CSV file to the hub's comments, to be coded by officers"),
        ):
            action = sub.add_parser(name, help=text)
            action.add_argument("--framework", required=True, help="the framework's key, e.g. nhs-patient-experience")
            action.add_argument("--input", required=True, help="the CSV file to read (UTF-8)")
            action.add_argument("--text-column", default="text", help="the column of comments (default: text)")
            if name == "classify":
                action.add_argument("--output", required=True, help="the CSV file to write")
            else:
                action.add_argument("--no-evaluate", action="store_true", help="skip the cross-validation")

    def handle(self, *args, action, **options):
        try:
            framework = frameworks.get_framework(options["framework"])
        except frameworks.UnknownFramework as error:
            raise CommandError(str(error)) from error
        path = Path(options["input"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Could not read {path}: {error.strerror or error}.") from error
        try:
            if action == "train":
                self.train(framework, data, path.name, options)
            elif action == "import":
                added = services.import_comments(
                    framework=framework, data=data, filename=path.name, text_column=options["text_column"]
                )
                classified = services.classify_comments(framework=framework)
                self.stdout.write(f"Added {added:,} comments from {path.name}; {classified:,} given suggested themes.")
            else:
                self.classify(framework, data, path.name, options)
        except training.CodedFileError as error:
            raise CommandError(str(error)) from error

    def train(self, framework, data, filename, options):
        coded = training.read_coded(data, framework=framework, text_column=options["text_column"], filename=filename)
        self.stdout.write(f"Training {framework.name} on {len(coded.texts):,} coded comments from {filename}…")
        run = training.train(framework=framework, coded=coded, source=filename, evaluate=not options["no_evaluate"])
        if run.macro_f1 is not None:
            self.stdout.write(f"Cross-validated macro-F1: {run.macro_f1:.3f}")
            self.stdout.write(f"Cross-validated micro-F1: {run.micro_f1:.3f}")
        self.stdout.write(self.style.SUCCESS(f"Trained: {framework.key} now classifies with this model."))

    def classify(self, framework, data, filename, options):
        header, rows = training.read_rows(data, text_column=options["text_column"], filename=filename)
        model = training.current_model(framework)
        if model is None:
            raise CommandError(
                f"{framework.name} has no trained model yet: run "
                f"`python manage.py themes train --framework {framework.key} --input coded.csv` first."
            )
        column = options["text_column"]
        chosen, _, moods = model.classify([row.get(column) or "" for row in rows])
        output = Path(options["output"])
        clashes = [name for name in [*model.names, "sentiment"] if name in header]
        try:
            with open(output, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow([*header, *model.names, "sentiment"])
                for row, marks, mood in zip(rows, chosen, moods, strict=True):
                    writer.writerow([*(row.get(name, "") for name in header), *(int(m) for m in marks), mood])
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror or error}.") from error
        if clashes:
            self.stderr.write(f"Note: the input already had columns named {', '.join(clashes)}; both are written.")
        self.stdout.write(self.style.SUCCESS(f"Classified {len(rows):,} comments into {output}."))
