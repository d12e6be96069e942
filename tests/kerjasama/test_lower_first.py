"""Labels inside sentences keep their acronyms: "persetujuan DPRD", "pernyataan kehendak (LoI)"."""

from agreements import stages
from agreements.choices import Kind, Stage
from kerjasama.formatting import lower_first


def test_lower_first_keeps_acronyms_and_proper_names():
    assert lower_first("Persetujuan DPRD") == "persetujuan DPRD"
    assert lower_first("Pernyataan kehendak (LoI)") == "pernyataan kehendak (LoI)"
    assert lower_first("Surat Menteri") == "surat Menteri"
    assert lower_first("KSDD") == "KSDD"
    assert lower_first("Pelaksanaan") == "pelaksanaan"
    assert lower_first("") == ""


def test_prerequisite_labels_keep_acronyms():
    labels = [r.label for r in stages.PREREQUISITES[Kind.KSDPL][Stage.PERNYATAAN_KEHENDAK]]
    assert labels == ["dokumen pernyataan kehendak (LoI)"]
    labels = [r.label for r in stages.PREREQUISITES[Kind.KSDPL][Stage.KONSULTASI_PUSAT]]
    assert labels == ["dokumen surat Menteri"]
