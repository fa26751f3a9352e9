"""GP practices from NHS Digital's practice file and patients-registered file."""

import pytest
from django.core.management import CommandError, call_command

from engaging.surveys.models import PatientParticipationGroup, Practice


def _row(code, name, status="A", setting="4", commissioner="05C", postcode="DY5 1AB"):
    address = ["1 High St", "", "BRIERLEY HILL", "", ""]
    cells = [code, name, "Y60", "Q64", *address, postcode, "19740401", "", status, "B", commissioner, "20130401"]
    cells += ["", "01384 000000", "", "", "", "0", "", "U12345", "", setting, ""]
    return ",".join(cells)


@pytest.mark.django_db
def test_practices_are_recorded_updated_and_archived(world, tmp_path, capsys):
    Practice.objects.create(ods_code="M87003", name="Old name")
    path = tmp_path / "epraccur.csv"
    path.write_text(
        "\n".join(
            [
                _row("M87001", "PENSNETT ROAD SURGERY"),
                _row("M87002", "A PHARMACY", setting="1"),
                _row("M87003", "WORDSLEY GREEN PRACTICE", status="C"),
                _row("M99999", "ELSEWHERE SURGERY", commissioner="15E"),
            ]
        )
    )
    sizes = tmp_path / "patients.csv"
    sizes.write_text("PUBLICATION,CODE,NUMBER_OF_PATIENTS\nx,M87001,8123\nx,M87003,100\n")
    call_command("import_practices", str(path), area="Dudley borough", commissioner="05C", list_sizes=str(sizes))
    assert "1 practice(s) added, 1 updated, 1 closed and archived." in capsys.readouterr().out
    added = Practice.objects.get(ods_code="M87001")
    assert (added.name, added.area, added.list_size, added.postcode) == (
        "Pensnett Road Surgery", world.borough, 8123, "DY5 1AB")  # fmt: skip
    assert added.group.status == PatientParticipationGroup.Status.NONE
    assert Practice.everything.get(ods_code="M87003").is_archived
    assert not Practice.everything.filter(ods_code__in=["M87002", "M99999"]).exists()


@pytest.mark.django_db
def test_a_bad_file_changes_nothing(world, tmp_path, capsys):
    path = tmp_path / "epraccur.csv"
    path.write_text(_row("M87001", "PENSNETT") + "\n" + _row("M87002", "X", status="Z") + "\nM1,short\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_practices", str(path))
    err = capsys.readouterr().err
    assert "Row 2: unknown status “Z”" in err and "Row 3: expected at least 26 columns" in err
    assert not Practice.objects.exists()
