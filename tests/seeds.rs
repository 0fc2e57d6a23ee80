//! The foundation's acceptance checks on the five bundled seeds (issue: read, clean and segment
//! real plan documents). Each test names the seed problem it guards.

mod common;

use common::*;
use crosscheck::model::{HeadingStyle, SectionKind};

#[test]
fn seed_000_pinyin_pollution_is_stripped_and_text_simplified() {
    let d = seed("000");
    let raw = std::fs::read_to_string(seed_path("000")).unwrap();
    // Count annotations independently: a Han character, then (toned pinyin).
    let re = regex::Regex::new(r"\p{Han}\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)").unwrap();
    let expected = re.find_iter(&raw).count();
    assert_eq!(expected, 639, "the seed has 639 annotations");
    assert_eq!(d.normalized.stats.pinyin_stripped, expected);
    assert!(d.text().contains("消费品工业"));
    assert!(!d.text().contains("(fèi)"));
    assert!(d.normalized.stats.traditional_converted > 500);
    // Real parentheses survive (after simplification).
    for real in ["(市、区)", "(试行)", "(暂名)", "(2022—2024年)", "(国际)"] {
        assert!(d.text().contains(real), "{real} lost");
    }
    let h = headings(&d, HeadingStyle::ParenChinese);
    assert_eq!(h.len(), 3);
    assert_eq!(title(&d, h[0]), "(一)创新引领跨界融合,不断彰显工作的辨识度");
    assert_eq!(headings(&d, HeadingStyle::ArabicDot).len(), 10);
}

#[test]
fn seed_001_inline_headings_on_one_line_and_scrape_clutter() {
    let d = seed("001");
    let top = headings(&d, HeadingStyle::ChineseNumeral);
    let titles: Vec<String> = top.iter().map(|s| title(&d, s)).collect();
    assert_eq!(
        titles,
        [
            "一、总体要求",
            "二、提升方向",
            "三、重点工程",
            "四、保障措施"
        ]
    );
    let under = |parent: &str| -> Vec<String> {
        let p = d.sections.iter().find(|s| s.id == parent).unwrap();
        children(&d, p)
            .into_iter()
            .filter(|s| matches!(s.kind, SectionKind::Heading(_)))
            .map(|s| title(&d, s))
            .collect()
    };
    assert_eq!(
        under("001/三"),
        [
            "(一)平台整合优化工程",
            "(二)数字化赋能工程",
            "(三)制造业与服务业深度融合工程",
            "(四)绿色化改造工程",
            "(五)关键领域补短板工程",
            "(六)品牌力提升工程"
        ]
    );
    assert_eq!(
        under("001/四"),
        [
            "(一)加强组织领导",
            "(二)加大政策支持",
            "(三)优化营商环境",
            "(四)开展示范试点",
            "(五)建立评价体系"
        ]
    );
    let items = headings(&d, HeadingStyle::ArabicDot);
    assert_eq!(items.len(), 20);
    for (k, item) in items.iter().enumerate() {
        assert!(item.id.ends_with(&format!("/{}", k + 1)), "{}", item.id);
        assert_eq!(d.locate(item.range.clone()).line_start, 11, "{}", item.id);
    }
    assert_eq!(title(&d, items[0]), "1.推动平台分类提升");
    assert_eq!(title(&d, items[6]), "7.推进制造业服务化");
    assert_eq!(title(&d, items[17]), "18. 培育发展品牌型知名企业");
    assert_eq!(title(&d, items[19]), "20.打造“浙江制造”区域金名片");
    assert_eq!(items[6].id, "001/三/(三)/7");
    // All headings start on line 11; metadata rows and page tools are not content.
    for h in d
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Heading(_)))
    {
        assert_eq!(d.locate(h.range.clone()).line_start, 11, "{}", h.id);
    }
    for clutter in ["索引号", "主题分类", "发布机构", "成文日期", "打印", "---|"] {
        assert!(!d.text().contains(clutter), "{clutter} is content");
    }
    assert!(d.normalized.stats.clutter_lines >= 9);
}

#[test]
fn seed_002_ten_paren_headings() {
    let d = seed("002");
    let h = headings(&d, HeadingStyle::ParenChinese);
    let labels: Vec<&str> = h.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        labels,
        [
            "002/(一)",
            "002/(二)",
            "002/(三)",
            "002/(四)",
            "002/(五)",
            "002/(六)",
            "002/(七)",
            "002/(八)",
            "002/(九)",
            "002/(十)"
        ]
    );
    // Tasks are lead-phrase paragraphs under the headings.
    let lead: Vec<String> = d
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Paragraph && s.title_range.is_some())
        .map(|s| title(&d, s))
        .collect();
    for task in [
        "实施制造业产业基础再造和产业链提升工程",
        "培育“415”先进制造业集群",
        "积极推进服务型制造",
        "实施绿色制造工程",
        "强化医疗应急物资保障",
        "大力发展生物医药产业",
    ] {
        assert!(lead.iter().any(|t| t == task), "lead phrase {task} missing");
    }
}

#[test]
fn seed_003_boxes_tables_appendix_and_toc() {
    let d = seed("003");
    let boxes: Vec<_> = d
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Box)
        .collect();
    assert_eq!(boxes.len(), 12);
    for (k, b) in boxes.iter().enumerate() {
        assert_eq!(b.id, format!("003/专栏{}", k + 1));
        let bullets = children(&d, b);
        assert!(
            !bullets.is_empty() && bullets.iter().all(|s| s.kind == SectionKind::Bullet),
            "{}",
            b.id
        );
    }
    assert_eq!(title(&d, boxes[10]), "专栏11:“数智监管”推进工程");

    let t1 = d.sections.iter().find(|s| s.id == "003/表1").expect("表1");
    assert_eq!(t1.kind, SectionKind::Table);
    assert_eq!(t1.cells, ["类别", "主要指标", "单位", "2025年规划目标值"]);
    let rows = children(&d, t1);
    assert_eq!(rows.len(), 44);
    assert_eq!(
        rows[0].cells[1..],
        ["产品质量", "主要农产品质量安全省级监测合格率", "%", "98"]
    );
    // merged category cells are filled down
    assert_eq!(
        rows[1].cells[1..],
        ["产品质量", "基本药物抽检合格率", "%", "100"]
    );
    assert_eq!(
        rows[7].cells[2..],
        ["“浙江制造”国际认证证书保有量", "张", "40"]
    );
    assert_eq!(
        rows[33].cells,
        [
            "综合指标",
            "标准建设",
            "主导制修订国家标准(新增)",
            "项",
            "40"
        ]
    );

    let appendix: Vec<_> = d
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::TableRow && s.id.starts_with("003/table1/"))
        .collect();
    let count = |cat: &str| appendix.iter().filter(|r| r.cells[0] == cat).count();
    assert_eq!(
        (
            count("重大改革"),
            count("重大工程"),
            count("重大平台"),
            count("重大政策")
        ),
        (8, 15, 3, 4)
    );
    let r = appendix
        .iter()
        .find(|r| r.id == "003/table1/重大工程/3")
        .unwrap();
    assert_eq!(title(&d, r), "产业基础再造和产业链提升工程");
    assert_eq!(
        r.cells[0], "重大工程",
        "category filled down from the group's first row"
    );
    let r = appendix
        .iter()
        .find(|r| r.id == "003/table1/重大工程/12")
        .unwrap();
    assert_eq!(title(&d, r), "“数字监管”推进工程");

    let toc: Vec<_> = d
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Toc)
        .collect();
    assert_eq!(toc.len(), 1);
    let entries = children(&d, toc[0]);
    assert_eq!(entries.len(), 25);
    assert!(entries.iter().all(|e| e.kind == SectionKind::TocEntry));
    // TOC entries are not body sections: no headings anywhere in 003.
    assert!(d
        .sections
        .iter()
        .all(|s| !matches!(s.kind, SectionKind::Heading(_))));
    // Lead phrases become paragraph titles.
    assert!(d
        .sections
        .iter()
        .any(|s| s.kind == SectionKind::Paragraph && title(&d, s) == "产品质量稳步提升"));
}

#[test]
fn seed_004_seven_review_headings() {
    let d = seed("004");
    let h = headings(&d, HeadingStyle::ParenChinese);
    let titles: Vec<String> = h.iter().map(|s| title(&d, s)).collect();
    assert_eq!(titles.len(), 7);
    assert_eq!(titles[1], "(二)抓集群,提升产业发展能级");
}

#[test]
fn every_title_is_quoted_exactly_from_the_original_bytes() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let d = seed(prefix);
        let bytes = std::fs::read(seed_path(prefix)).unwrap();
        let checked = assert_titles_quoted_exactly(&d, &bytes);
        assert!(checked > 5, "{prefix}: only {checked} titled sections");
    }
}

#[test]
fn section_ids_are_unique_and_parents_precede_children() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let d = seed(prefix);
        let mut seen = std::collections::HashSet::new();
        for (i, s) in d.sections.iter().enumerate() {
            assert!(seen.insert(&s.id), "duplicate id {}", s.id);
            if let Some(p) = s.parent {
                assert!(p < i);
                let parent = &d.sections[p];
                assert!(s.id.starts_with(&format!("{}/", parent.id)));
                assert!(
                    parent.range.start <= s.range.start && s.range.end <= parent.range.end,
                    "{} outside {}",
                    s.id,
                    parent.id
                );
            }
        }
    }
}
